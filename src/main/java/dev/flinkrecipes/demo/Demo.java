package dev.flinkrecipes.demo;

import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.Interrupts;
import dev.flinkrecipes.core.options.DurationConverter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one-command demo on an embedded default: a real Kafka broker (KRaft) and a local Flink
 * cluster (JobManager + TaskManager, Web UI) in this JVM, the transaction producer, and the
 * fraud-detection and transaction-analytics jobs submitted to the cluster over REST. Alerts, window
 * results and dead letters print as they are committed (read_committed). Ctrl-C stops everything.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Kafka + Flink cluster + producer + fraud-detection and transaction-analytics, in"
                        + " one JVM.")
public final class Demo implements Callable<Integer> {
    @Option(
            names = "--web-port",
            description = "Flink Web UI / REST port. Default: ${DEFAULT-VALUE}.")
    int webPort = 8081;

    @Option(names = "--rate", description = "Transactions per second. Default: ${DEFAULT-VALUE}.")
    double rate = 5;

    @Option(
            names = "--event-spacing",
            converter = DurationConverter.class,
            description =
                    "Event time between transactions: 12s at 5/s plays one minute of event time per"
                            + " second, so the 5-minute windows (10-minute watermark) close within"
                            + " seconds. Default: 12s.")
    Duration eventSpacing = Duration.ofSeconds(12);

    @Option(
            names = "--run-for",
            converter = DurationConverter.class,
            description = "Stop by itself after this long (0 = until Ctrl-C). Default: 0.")
    Duration runFor = Duration.ZERO;

    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(
                new CommandLine(new Demo())
                        .setCaseInsensitiveEnumValuesAllowed(true)
                        .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        say("Starting Kafka (KRaft, in-process)...");
        EmbeddedKafka kafka = EmbeddedKafka.start();
        String bootstrap = kafka.bootstrapServers();
        kafka.createTopics(2, "transactions", "fraud_alerts", "transaction_analytics");
        kafka.createTopics(1, "transactions.dlq", "transaction_analytics.late");

        say(
                "Starting the Flink cluster (JobManager + TaskManager, Web UI on port "
                        + webPort
                        + ")...");
        Configuration conf = new Configuration();
        conf.set(RestOptions.PORT, webPort);
        conf.set(RestOptions.BIND_ADDRESS, "localhost");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 4);
        MiniCluster flink =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(4)
                                .build());
        flink.start();
        String webUi = flink.getRestAddress().get().toString();
        DemoEnvironment.submitTo("localhost", flink.getRestAddress().get().getPort());

        String[] common = {
            "--bootstrap-servers", bootstrap, "--checkpoint-interval", "5s", "--parallelism", "2"
        };
        submit("fraud-detection", common);
        submit("transaction-analytics", common);

        Thread producer =
                new Thread(
                        () ->
                                Main.run(
                                        "produce-transactions",
                                        "--bootstrap-servers",
                                        bootstrap,
                                        "--rate",
                                        String.valueOf(rate),
                                        "--event-spacing",
                                        DurationConverter.format(eventSpacing),
                                        "--malformed-every",
                                        "100"),
                        "producer");
        producer.setDaemon(true);
        producer.start();

        KafkaConsumer<String, String> tail = consumer(bootstrap);
        Thread printer = new Thread(() -> printCommitted(tail), "printer");
        printer.start();

        say(
                String.format(
                        "Ready in %.1f s. Kafka: %s. Flink Web UI: %s%n  Producing %s"
                            + " transactions/s to 'transactions'; alerts, window results and dead"
                            + " letters follow as each checkpoint (5 s) commits them. Ctrl-C"
                            + " stops.",
                        (System.nanoTime() - t0) / 1e9, bootstrap, webUi, rate));

        // Ctrl-C: stop in order (jobs, cluster, broker) here, in the main thread, then return;
        // a second Ctrl-C ends the JVM at once.
        CountDownLatch stopRequested = new CountDownLatch(1);
        try (Interrupts interrupts = Interrupts.onFirst("demo-stop", stopRequested::countDown)) {
            if (runFor.isZero()) {
                stopRequested.await();
            } else {
                stopRequested.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
            }
            shutdown(flink, kafka, tail, printer);
        }
        return 0;
    }

    private static void submit(String job, String[] options) {
        String[] args = new String[options.length + 1];
        args[0] = job;
        System.arraycopy(options, 0, args, 1, options.length);
        int code = Main.run(args);
        if (code != 0)
            throw new IllegalStateException(
                    "could not submit " + job + " (exit code " + code + ")");
        say("Submitted " + job);
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        KafkaConsumer<String, String> c =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "demo-console",
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest",
                                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                                StringDeserializer.class.getName(),
                                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                                StringDeserializer.class.getName()));
        c.subscribe(
                List.of(
                        "fraud_alerts",
                        "transaction_analytics",
                        "transactions.dlq",
                        "transaction_analytics.late"));
        return c;
    }

    private static void printCommitted(KafkaConsumer<String, String> consumer) {
        try {
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    System.out.printf(
                            "%-22s %-10s %s%n",
                            r.topic(), r.key() == null ? "" : r.key(), r.value());
                }
            }
        } catch (WakeupException e) {
            // stopping
        } finally {
            consumer.close();
        }
    }

    private synchronized void shutdown(
            MiniCluster flink,
            EmbeddedKafka kafka,
            KafkaConsumer<String, String> tail,
            Thread printer) {
        if (stopped.getCount() == 0) return;
        say("Stopping: jobs, Flink cluster, Kafka...");
        try {
            tail.wakeup();
            printer.join(5000);
            for (JobStatusMessage job : flink.listJobs().get()) {
                if (job.getJobState() == JobStatus.RUNNING) flink.cancelJob(job.getJobId()).get();
            }
            flink.close();
            kafka.close();
        } catch (Exception e) {
            System.err.println("demo: while stopping: " + e);
        }
        stopped.countDown();
        say("Stopped.");
    }

    private static void say(String line) {
        System.out.println("[demo] " + line);
    }
}
