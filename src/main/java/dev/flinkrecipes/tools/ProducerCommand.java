package dev.flinkrecipes.tools;

import dev.flinkrecipes.applogs.AppLogGenerator;
import dev.flinkrecipes.commerce.CommerceEventGenerator;
import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.core.io.MonitoredProducer;
import dev.flinkrecipes.core.options.DurationConverter;
import dev.flinkrecipes.core.options.KafkaClientOptions;
import dev.flinkrecipes.enrichment.UserUpdateGenerator;
import dev.flinkrecipes.etl.RawEventGenerator;
import dev.flinkrecipes.iot.SensorGenerator;
import dev.flinkrecipes.people.PersonGenerator;
import dev.flinkrecipes.recommendations.UserActionGenerator;
import dev.flinkrecipes.transactions.TransactionGenerator;
import dev.flinkrecipes.weblogs.AccessLogGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A domain's generator as a Kafka producer (the documents' MonitoredProducer: stats every 1000
 * messages), or written to a JSON-lines file with {@code --to-file} (a sample input for file jobs
 * and backfills). One command per entry of {@link #DOMAINS}, which names its topic and generator.
 */
public final class ProducerCommand implements Callable<Integer> {
    /**
     * What one {@code produce-*} command sends ({@code what}, told in more detail by {@code
     * detail}), keyed by which field (or null), and its defaults.
     */
    public record Domain(
            String command,
            String what,
            String detail,
            String key,
            String topic,
            EventGenerator.Factory generator,
            double rate) {}

    /** Every producer command, in the order the help lists them. */
    public static final List<Domain> DOMAINS =
            List.of(
                    new Domain(
                            "produce-transactions",
                            "transactions",
                            "",
                            "user_id",
                            "transactions",
                            TransactionGenerator::new,
                            10),
                    new Domain(
                            "produce-ecommerce-events",
                            "e-commerce events",
                            " (the document's generate_sample_data)",
                            "user_id",
                            "ecommerce_events",
                            CommerceEventGenerator::new,
                            10),
                    new Domain(
                            "produce-app-logs",
                            "application logs",
                            "",
                            "service",
                            "app_logs",
                            AppLogGenerator::new,
                            10),
                    new Domain(
                            "produce-sensor-data",
                            "sensor readings",
                            "",
                            "sensor_id",
                            "sensor_data",
                            SensorGenerator::new,
                            10),
                    new Domain(
                            "produce-web-logs",
                            "access-log lines",
                            " in the common log format",
                            null,
                            "web_logs",
                            AccessLogGenerator::new,
                            10),
                    new Domain(
                            "produce-user-updates",
                            "user profile updates",
                            " (tier, country, newsletter)",
                            "user_id",
                            "user_updates",
                            UserUpdateGenerator::new,
                            10),
                    new Domain(
                            "produce-user-activity",
                            "user actions",
                            " (view, click, purchase)",
                            "user_id",
                            "user_activity",
                            UserActionGenerator::new,
                            10),
                    // The document's people producer: a fake person every 10 seconds.
                    new Domain(
                            "produce-people",
                            "fake people",
                            " (Datafaker: name, email, address, phone, job, plus a stable"
                                    + " person_id), one every 10 s by default",
                            "person_id",
                            "iabd-python-topic",
                            PersonGenerator::new,
                            0.1),
                    new Domain(
                            "produce-raw-events",
                            "raw events for the ETL",
                            " (5%% without user_id)",
                            "user_id",
                            "raw_events",
                            RawEventGenerator::new,
                            10));

    /** Adds one subcommand per domain to {@code cli}. */
    public static void addTo(CommandLine cli) {
        for (Domain d : DOMAINS) {
            CommandLine sub = new CommandLine(new ProducerCommand(d));
            sub.getCommandSpec().mixinStandardHelpOptions(true);
            sub.getCommandSpec()
                    .usageMessage()
                    .sortOptions(false)
                    .header("Sends generated " + d.what + " to Kafka or a file (client tool).")
                    .description(
                            "Sends generated "
                                    + d.what
                                    + d.detail
                                    + (d.key == null ? "" : ", keyed by " + d.key)
                                    + " (seeded, reproducible), to Kafka,",
                            "logging sent / errors / rate every 1000 messages; or writes them to a"
                                    + " file with --to-file.",
                            "Not a Flink job: it runs in the client JVM.");
            cli.addSubcommand(d.command, sub);
        }
    }

    private final EventGenerator.Factory generator;

    /** {@code --bootstrap-servers}, {@code --kafka-property} and {@code --kafka-properties}. */
    @Mixin KafkaClientOptions kafka = new KafkaClientOptions();

    @Option(names = "--topic", description = "Topic to write. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(
            names = "--to-file",
            description = "Write the events to this JSON-lines file instead of Kafka.")
    Path toFile;

    @Option(
            names = "--rate",
            description =
                    "Messages per second (0 = as fast as possible). Default: ${DEFAULT-VALUE}.")
    double rate = 10;

    @Option(
            names = "--count",
            description = "Messages in all (0 = until stopped). Default: ${DEFAULT-VALUE}.")
    long count;

    @Option(
            names = "--seed",
            description =
                    "Random seed; the same seed gives the same events. Default: ${DEFAULT-VALUE}.")
    long seed = 42;

    @Option(
            names = "--start-time",
            description = "Event time of the first message, ISO-8601. Default: now.")
    Instant startTime;

    @Option(
            names = "--event-spacing",
            converter = DurationConverter.class,
            description =
                    "Event time between consecutive messages (e.g. 12s at --rate 5 plays a minute"
                            + " of event time per second). Default: 1/rate.")
    Duration eventSpacing;

    @Option(
            names = "--malformed-every",
            description =
                    "Also send a malformed message after every N good ones, to show the DLQ (0 ="
                            + " never). Default: ${DEFAULT-VALUE}.")
    long malformedEvery;

    private volatile boolean stopped;

    private ProducerCommand(Domain domain) {
        this.topic = domain.topic;
        this.rate = domain.rate;
        this.generator = domain.generator;
    }

    @Override
    public Integer call() throws IOException {
        if (rate < 0) throw new IllegalArgumentException("--rate must be 0 or more, got " + rate);
        if (toFile != null && count == 0)
            throw new IllegalArgumentException("--to-file needs --count");
        long start = startTime != null ? startTime.toEpochMilli() : System.currentTimeMillis();
        EventGenerator events =
                generator.create(seed, start, EventGenerator.eventTimeRate(eventSpacing, rate));
        if (toFile != null) {
            writeFile(events);
            return 0;
        }
        long pauseNanos = rate > 0 ? (long) (1e9 / rate) : 0;
        try (MonitoredProducer producer =
                new MonitoredProducer(kafka.bootstrapServers, kafka, System.out)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopped = true));
            long next = System.nanoTime();
            for (long i = 0; !stopped && (count == 0 || i < count); i++) {
                producer.send(topic, events.key(i), events.line(i));
                if (malformedEvery > 0 && (i + 1) % malformedEvery == 0) {
                    producer.send(topic, events.key(i), malformed(i));
                }
                if (pauseNanos > 0) {
                    next += pauseNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                }
            }
        }
        return 0;
    }

    private void writeFile(EventGenerator events) throws IOException {
        if (toFile.getParent() != null) Files.createDirectories(toFile.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(toFile, StandardCharsets.UTF_8)) {
            for (long i = 0; i < count; i++) {
                out.write(events.line(i));
                out.newLine();
                if (malformedEvery > 0 && (i + 1) % malformedEvery == 0) {
                    out.write(malformed(i));
                    out.newLine();
                }
            }
        }
        System.out.println("Wrote " + count + " events to " + toFile);
    }

    /** Cut-off JSON with a quoted number: fails parsing with a clear reason. */
    private static String malformed(long i) {
        return "{\"id\": \"bad_" + i + "\", \"amount\": \"lots\"";
    }
}
