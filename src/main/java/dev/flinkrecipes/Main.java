package dev.flinkrecipes;

import dev.flinkrecipes.applogs.AppLogStatsJob;
import dev.flinkrecipes.bizum.BizumJob;
import dev.flinkrecipes.commerce.EcommerceReportJob;
import dev.flinkrecipes.commerce.EventStatsJob;
import dev.flinkrecipes.commerce.UserAnomaliesJob;
import dev.flinkrecipes.commerce.UserTotalsJob;
import dev.flinkrecipes.core.Preflight;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.options.DurationConverter;
import dev.flinkrecipes.core.options.Secrets;
import dev.flinkrecipes.echo.KafkaEchoJob;
import dev.flinkrecipes.enrichment.TransactionEnrichmentJob;
import dev.flinkrecipes.etl.KafkaToParquetJob;
import dev.flinkrecipes.invoices.InvoicesJob;
import dev.flinkrecipes.iot.SensorAlertsJob;
import dev.flinkrecipes.people.PeopleToPostgresJob;
import dev.flinkrecipes.recommendations.RecommendationsJob;
import dev.flinkrecipes.tools.ConsumerLag;
import dev.flinkrecipes.tools.JobStatus;
import dev.flinkrecipes.tools.ProducerCommand;
import dev.flinkrecipes.tools.SimulateDrops;
import dev.flinkrecipes.transactions.CategoryAnalyticsJob;
import dev.flinkrecipes.transactions.FraudDetectionJob;
import dev.flinkrecipes.transactions.ParsedTransactionsJob;
import dev.flinkrecipes.transactions.SuspiciousTransactionsJob;
import dev.flinkrecipes.transactions.TransactionAnalyticsJob;
import dev.flinkrecipes.transactions.UserSpendingJob;
import dev.flinkrecipes.weblogs.WebErrorCountsJob;
import dev.flinkrecipes.wordcount.WordCountJob;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The job jar's entry point: {@code flink run flink-recipes.jar <job> [options]}. Every pipeline
 * and tool is a subcommand; {@code --help} lists them, {@code <job> --help} lists a job's options.
 */
@Command(
        name = "flink-recipes",
        mixinStandardHelpOptions = true,
        version = "flink-recipes 0.1.0 (Flink 2.2.0)",
        synopsisSubcommandLabel = "<job>",
        description =
                "Spark Structured Streaming pipelines on Apache Flink. Run a job on a cluster:"
                        + " flink run <jar> <job> [options]; in this JVM: bin/run <job> [options].",
        commandListHeading = "%nJobs and tools:%n",
        subcommands = {
            ParsedTransactionsJob.class,
            TransactionAnalyticsJob.class,
            SuspiciousTransactionsJob.class,
            FraudDetectionJob.class,
            CategoryAnalyticsJob.class,
            UserSpendingJob.class,
            EventStatsJob.class,
            UserTotalsJob.class,
            UserAnomaliesJob.class,
            EcommerceReportJob.class,
            AppLogStatsJob.class,
            SensorAlertsJob.class,
            WebErrorCountsJob.class,
            KafkaEchoJob.class,
            TransactionEnrichmentJob.class,
            RecommendationsJob.class,
            PeopleToPostgresJob.class,
            KafkaToParquetJob.class,
            WordCountJob.class,
            BizumJob.class,
            InvoicesJob.class,
        })
public final class Main implements Runnable, JobIO.Provider {
    /** The name the user runs the jar by, for usage and error lines (bin/run sets it). */
    public static final String COMMAND_PROPERTY = "flink-recipes.command";

    /** Exit code for options that are wrong or cannot work together. */
    public static final int BAD_OPTIONS = 2;

    /** Exit code for a job that cannot start (an input or broker missing) or that failed. */
    public static final int FAILED = 1;

    @Spec CommandSpec spec;

    /** Where the jobs read and write: {@link JobIO#FROM_OPTIONS} but in tests. */
    private final JobIO io;

    public Main() {
        this(JobIO.FROM_OPTIONS);
    }

    private Main(JobIO io) {
        this.io = io;
    }

    @Override
    public JobIO jobIO() {
        return io;
    }

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "Missing <job>: name one of " + String.join(", ", spec.subcommands().keySet()));
    }

    /** Runs a job or tool by name; returns the exit code (0 when it finished or was submitted). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The command line of every job and tool, as {@link #run} executes it (tests reach a job's
     * options through it).
     */
    public static CommandLine commandLine() {
        return commandLine(JobIO.FROM_OPTIONS);
    }

    /** The same, the jobs reading and writing through {@code io} (tests: in memory). */
    public static CommandLine commandLine(JobIO io) {
        CommandLine cli = new CommandLine(new Main(io));
        // The client tools after the jobs: the producers (one per domain), then the rest.
        ProducerCommand.addTo(cli);
        cli.addSubcommand(new JobStatus());
        cli.addSubcommand(new ConsumerLag());
        cli.addSubcommand(new SimulateDrops());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // Every duration option, the tools' too, with a unit: 10s, 500ms, 5min.
        cli.registerConverter(java.time.Duration.class, new DurationConverter());
        cli.setUsageHelpAutoWidth(true);
        // The command as the user typed it (bin/run sets it): "Run 'bin/run word-count --help'".
        cli.setCommandName(System.getProperty(COMMAND_PROPERTY, cli.getCommandName()));
        String version = cli.getCommandSpec().version()[0];
        for (CommandLine sub : cli.getSubcommands().values()) {
            // "Usage: bin/run word-count [OPTIONS]": the options are listed below, in groups; a
            // synopsis of forty options only wraps mid-word.
            sub.getCommandSpec().usageMessage().abbreviateSynopsis(true);
            if (sub.getCommandSpec().version().length == 0) sub.getCommandSpec().version(version);
        }
        // A wrong option: what is wrong and where the options are, in two or three lines, not the
        // whole usage.
        cli.setParameterExceptionHandler(
                (e, given) -> {
                    CommandLine cmd = e.getCommandLine();
                    PrintWriter err = cmd.getErr();
                    err.println(cmd.getCommandName() + ": " + e.getMessage());
                    UnmatchedArgumentException.printSuggestions(e, err);
                    err.println(
                            "Run '"
                                    + cmd.getCommandSpec().qualifiedName()
                                    + " --help' for the options.");
                    return BAD_OPTIONS;
                });
        cli.setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                    PrintWriter err = cmd.getErr();
                    if (e instanceof IllegalArgumentException) {
                        // Options that parse but cannot work together: say what to change.
                        err.println(cmd.getCommandName() + ": " + e.getMessage());
                        err.println(
                                "Run '"
                                        + cmd.getCommandSpec().qualifiedName()
                                        + " --help' for the options.");
                        return BAD_OPTIONS;
                    }
                    if (e instanceof Preflight.NotReady) {
                        // Checked before the job started: the message says what to check.
                        err.println(cmd.getCommandName() + ": " + e.getMessage());
                        return FAILED;
                    }
                    String logFile = System.getProperty("log.file");
                    if (logFile == null) {
                        e.printStackTrace(err); // no log file to hold it
                        return FAILED;
                    }
                    // One line on the console, the stack in the log (bin/run's
                    // run/logs/<job>-<time>.log, flink run's own log).
                    // (looked up here, not in a static field: without Flink, slf4j is missing too
                    // and main must still run)
                    LoggerFactory.getLogger(Main.class).error("{} failed", cmd.getCommandName(), e);
                    err.println(
                            cmd.getCommandName()
                                    + ": "
                                    + failure(e)
                                    + " (stack trace in "
                                    + logFile
                                    + ")");
                    return FAILED;
                });
        return cli;
    }

    /** What went wrong, in one line: the innermost cause, and whether Flink gave up restarting. */
    static String failure(Throwable e) {
        boolean gaveUp = false;
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            gaveUp |= t.getMessage() != null && t.getMessage().startsWith("Recovery is suppressed");
            root = t;
        }
        return (gaveUp ? "the job failed and its restarts are used up: " : "failed: ")
                + root.getClass().getName()
                + (root.getMessage() == null
                        ? ""
                        : ": "
                                + Secrets.withoutUriPasswords(
                                        root.getMessage().strip().replaceAll("\\s+", " ")));
    }

    public static void main(String[] args) {
        if (!flinkOnClasspath()) {
            // `java -jar` of the job jar: Flink is provided by a cluster, so the jar alone cannot
            // run a job.
            System.err.println(
                    "flink-recipes: Flink is not on the classpath. Submit the jar with 'flink run"
                            + " <jar> <job> ...' (bin/job-submit), or run a job in this JVM with"
                            + " 'bin/run <job> ...'.");
            System.exit(FAILED);
        }
        // Under `flink run` or the REST API (in the JobManager) this JVM is not the job's:
        // never exit it. bin/run's JVM is: dev.flinkrecipes.Launch.main (not in the job jar) exits.
        inHostJvm(args);
    }

    private static boolean flinkOnClasspath() {
        try {
            Class.forName(
                    "org.apache.flink.streaming.api.environment.StreamExecutionEnvironment",
                    false,
                    Main.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Runs the command in a JVM it does not own: a failure is thrown, never an exit. */
    static void inHostJvm(String... args) {
        CommandLine cli = Main.commandLine();
        // What the command says about a failure goes to the console as always, and also into the
        // exception: the REST API shows no console.
        StringWriter said = new StringWriter();
        cli.setErr(new PrintWriter(said, true));
        int code;
        try {
            code = cli.execute(args);
        } finally {
            System.err.print(said);
            System.err.flush();
        }
        if (code != 0) {
            throw new CommandFailedException(code, oneLine(said.toString(), code));
        }
    }

    private static String oneLine(String said, int code) {
        String line = said.strip().replaceAll("\\s*\\R\\s*", "; ");
        if (line.isEmpty()) {
            line = "flink-recipes: failed with exit code " + code;
        }
        // A stack trace printed without a log file must not make a response of megabytes.
        return line.length() > 2000 ? line.substring(0, 2000) + " ..." : line;
    }

    /**
     * A command that failed where it may not exit the JVM: the message is what it printed, in one
     * line; no stack trace of its own (the message says it all, the cause is in the log).
     */
    public static final class CommandFailedException extends RuntimeException {
        private final int exitCode;

        CommandFailedException(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }

        /** The exit code bin/run would give: {@link Main#BAD_OPTIONS} or {@link Main#FAILED}. */
        public int exitCode() {
            return exitCode;
        }
    }
}
