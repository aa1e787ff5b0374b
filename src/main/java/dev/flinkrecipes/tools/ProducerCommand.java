package dev.flinkrecipes.tools;

import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.core.io.MonitoredProducer;
import dev.flinkrecipes.core.options.DurationConverter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Option;

/**
 * A domain's generator as a Kafka producer (the documents' MonitoredProducer: stats every 1000
 * messages), or written to a JSON-lines file with {@code --to-file} (a sample input for file jobs
 * and backfills). Each domain's command only names its topic and generator.
 */
public abstract class ProducerCommand implements Callable<Integer> {
    @Option(
            names = "--bootstrap-servers",
            description = "Kafka brokers. Default: ${DEFAULT-VALUE}.")
    String bootstrapServers = "localhost:9092";

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

    protected ProducerCommand(String defaultTopic) {
        this.topic = defaultTopic;
    }

    /** The domain's generator. */
    protected abstract EventGenerator.Factory generator();

    @Override
    public Integer call() throws IOException {
        if (rate < 0) throw new IllegalArgumentException("--rate must be 0 or more, got " + rate);
        if (toFile != null && count == 0)
            throw new IllegalArgumentException("--to-file needs --count");
        long start = startTime != null ? startTime.toEpochMilli() : System.currentTimeMillis();
        EventGenerator events =
                generator().create(seed, start, EventGenerator.eventTimeRate(eventSpacing, rate));
        if (toFile != null) {
            writeFile(events);
            return 0;
        }
        long pauseNanos = rate > 0 ? (long) (1e9 / rate) : 0;
        try (MonitoredProducer producer = new MonitoredProducer(bootstrapServers, System.out)) {
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
