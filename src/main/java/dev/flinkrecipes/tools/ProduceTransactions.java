package dev.flinkrecipes.tools;

import dev.flinkrecipes.core.io.MonitoredProducer;
import dev.flinkrecipes.core.options.DurationConverter;
import dev.flinkrecipes.transactions.Transaction;
import dev.flinkrecipes.transactions.TransactionGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/** The document's transaction producer: generated transactions to Kafka, keyed by user_id, with stats. */
@Command(name = "produce-transactions", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Sends generated transactions (seeded, reproducible) to a Kafka topic, keyed by user_id,",
            "logging sent / errors / rate every 1000 messages. Not a Flink job: it runs in the client JVM."})
public final class ProduceTransactions implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", description = "Kafka brokers. Default: ${DEFAULT-VALUE}.")
    String bootstrapServers = "localhost:9092";

    @Option(names = "--topic", description = "Topic to write. Default: ${DEFAULT-VALUE}.")
    String topic = "transactions";

    @Option(names = "--rate", description = "Messages per second (0 = as fast as possible). Default: ${DEFAULT-VALUE}.")
    double rate = 10;

    @Option(names = "--count", description = "Messages in all (0 = until stopped). Default: ${DEFAULT-VALUE}.")
    long count;

    @Option(names = "--seed", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed = 42;

    @Option(names = "--start-time", description = "Event time of the first message, ISO-8601. Default: now.")
    Instant startTime;

    @Option(names = "--event-spacing", converter = DurationConverter.class,
            description = "Event time between consecutive messages (e.g. 12s at --rate 5 plays a minute of event time per second). Default: 1/rate.")
    Duration eventSpacing;

    @Option(names = "--malformed-every", description = "Also send a malformed message after every N good ones, to show the DLQ (0 = never). Default: ${DEFAULT-VALUE}.")
    long malformedEvery;

    private volatile boolean stopped;

    @Override
    public Integer call() {
        if (rate < 0) throw new IllegalArgumentException("--rate must be 0 or more, got " + rate);
        double eventsPerSecond = eventSpacing != null && !eventSpacing.isZero()
                ? 1000.0 / eventSpacing.toMillis()
                : rate > 0 ? rate : 1000;
        long start = startTime != null ? startTime.toEpochMilli() : System.currentTimeMillis();
        TransactionGenerator generator = new TransactionGenerator(seed, start, eventsPerSecond);
        long pauseNanos = rate > 0 ? (long) (1e9 / rate) : 0;

        try (MonitoredProducer producer = new MonitoredProducer(bootstrapServers, System.out)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopped = true));
            long next = System.nanoTime();
            for (long i = 0; !stopped && (count == 0 || i < count); i++) {
                Transaction t = generator.transaction(i);
                producer.send(topic, t.userId, generator.line(i));
                if (malformedEvery > 0 && (i + 1) % malformedEvery == 0) {
                    producer.send(topic, t.userId, "{\"transaction_id\": \"bad_" + i + "\", \"amount\": \"lots\"");
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

    /** Stops the send loop (the demo's Ctrl-C). */
    public void stop() {
        stopped = true;
    }
}
