package dev.flinkrecipes;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * How a command of the jar ends depends on whose JVM it runs in. bin/run starts a JVM for the
 * command alone ({@link #main}): its exit code says how it went. {@code flink run} and the REST
 * API's {@code POST /jars/<id>/run} call {@link Main#main} in a JVM that is not the command's (the
 * REST API in the JobManager's, which every job of the cluster needs): there a failure is a {@link
 * CommandFailedException} carrying what the command printed, which the CLI reports with a non-zero
 * exit and the REST API in its error response, and the JVM lives on.
 */
public final class Launch {
    private Launch() {}

    /**
     * bin/run's entry point: exit code {@link Main#BAD_OPTIONS} or {@link Main#FAILED}. Only in a
     * JVM that bin/run started for the command (it names itself in {@link Main#COMMAND_PROPERTY});
     * named as the entry class anywhere else (a cluster's REST API), it behaves as {@link
     * Main#main}: a failure is thrown, the JVM lives on.
     */
    public static void main(String[] args) {
        if (System.getProperty(Main.COMMAND_PROPERTY) == null) {
            inHostJvm(args);
            return;
        }
        int code = Main.run(args);
        // Exit only on failure: a finished job's JVM ends by itself.
        if (code != 0) {
            System.exit(code);
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
