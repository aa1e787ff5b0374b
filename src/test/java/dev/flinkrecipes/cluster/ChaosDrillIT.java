package dev.flinkrecipes.cluster;

import static dev.flinkrecipes.cluster.LocalCluster.KAFKA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaTopics;
import dev.flinkrecipes.testing.UniqueRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The chaos drill (bin/chaos): the whole system failing during one run. With real processes
 * (ZooKeeper, Kafka, a cluster of one TaskManager, fraud-detection fed by a producer at a steady
 * rate), one event every {@code chaos.interval} seconds: {@code chaos.kills} TaskManager kills
 * (SIGKILL, a new TaskManager started right after, as a supervisor would), one Kafka broker restart
 * (down {@code chaos.broker-down} seconds) a third of the way in, and one JobManager kill (SIGKILL,
 * a new JobManager started; high availability must bring the job back by itself) two thirds in.
 * Meanwhile a second producer floods the input topic with bad messages among the good ones:
 * hundreds of malformed lines, 1 MiB messages, one of control characters and random bytes. It
 * prints each event's recovery times and checks the TaskManager targets (RUNNING within 20 s, a
 * checkpoint within 30 s). At the end a read_committed consumer must see exactly the alerts that a
 * recomputation from the good input gives, each once, and every bad message must be in the DLQ once
 * (by its topic, partition and offset). Minutes long, so `mvn verify` skips it: it runs only with
 * -Dchaos.kills=N.
 */
@EnabledIfSystemProperty(named = "chaos.kills", matches = "[0-9]+")
class ChaosDrillIT {
    static final Duration RUNNING_TARGET = Duration.ofSeconds(20);
    static final Duration CHECKPOINT_TARGET = Duration.ofSeconds(30);

    /** As large as the broker's default limit lets a message be (see DeadLetterKafkaIT). */
    static final int LARGEST_MESSAGE = 1_048_450;

    /** One event's recovery, in seconds from the event (NaN: not applicable). */
    record Event(
            int n,
            String what,
            double atSeconds,
            double detectSeconds,
            double runningSeconds,
            double checkpointSeconds,
            String note) {}

    /** Where a bad message landed in the input topic: its dead letter must name the same. */
    record Position(String topic, int partition, long offset) {}

    @Test
    void theJobSurvivesTaskManagerKillsABrokerRestartAJobManagerKillAndBadInputExactlyOnce()
            throws Exception {
        int kills = Integer.getInteger("chaos.kills");
        int interval = Integer.getInteger("chaos.interval", 60);
        int rate = Integer.getInteger("chaos.rate", 50);
        String checkpointInterval = System.getProperty("chaos.checkpoint-interval", "10s");
        boolean brokerRestart =
                Boolean.parseBoolean(System.getProperty("chaos.broker-restart", "true"));
        int brokerDown = Integer.getInteger("chaos.broker-down", 20);
        boolean jobManagerKill =
                Boolean.parseBoolean(System.getProperty("chaos.jobmanager-kill", "true"));
        boolean badMessages =
                Boolean.parseBoolean(System.getProperty("chaos.bad-messages", "true"));

        // The schedule: TaskManager kills, the broker restart after a third of them, the JobManager
        // kill after two thirds.
        List<String> schedule = new ArrayList<>(Collections.nCopies(kills, "TaskManager kill"));
        if (jobManagerKill) schedule.add(Math.round(kills * 2 / 3f), "JobManager kill");
        if (brokerRestart) schedule.add(Math.round(kills / 3f), "broker restart");
        int drillSeconds = schedule.size() * interval + (brokerRestart ? brokerDown : 0);

        try (LocalCluster cluster = LocalCluster.start("flink-recipes-chaos")) {
            cluster.bin("kafka-topics", "--create", "--topic", "transactions", "--partitions", "2");
            cluster.bin(
                    "kafka-topics", "--create", "--topic", "transactions.dlq", "--partitions", "2");
            cluster.bin("kafka-topics", "--create", "--topic", "fraud_alerts", "--partitions", "2");
            cluster.bin(
                    "job-submit",
                    "fraud-detection",
                    "--bootstrap-servers",
                    KAFKA,
                    "--checkpoint-interval",
                    checkpointInterval);
            String job = cluster.waitForRunningJob("fraud-detection", 1, Duration.ofSeconds(90));

            // Good input for the whole drill and a little after, at a steady rate; the bad input
            // comes from the flood.
            int count = rate * (drillSeconds + 30);
            Process producer =
                    cluster.binInBackground(
                            "producer.out",
                            "produce",
                            "--count",
                            String.valueOf(count),
                            "--rate",
                            String.valueOf(rate),
                            "--seed",
                            "11",
                            "--start-time",
                            "2024-01-15T10:00:00Z",
                            "--malformed-every",
                            "0");
            cluster.awaitTrue(
                    "a first checkpoint",
                    Duration.ofSeconds(60),
                    () -> latestCheckpoint(cluster, job) > 0);
            CompletableFuture<Set<Position>> flood =
                    badMessages
                            ? CompletableFuture.supplyAsync(
                                    () ->
                                            flood(
                                                    drillSeconds,
                                                    cluster.run
                                                            .resolve("logs")
                                                            .resolve("flood.out")))
                            : CompletableFuture.completedFuture(Set.of());

            List<Event> results = new ArrayList<>();
            long start = System.nanoTime();
            long next = start + TimeUnit.SECONDS.toNanos(interval / 2);
            for (int n = 1; n <= schedule.size(); n++) {
                // The drill's own schedule, one event every `interval` seconds: a condition on the
                // clock.
                Await.untilNanoTime("the time of event " + n, next);
                next += TimeUnit.SECONDS.toNanos(interval);
                cluster.awaitTrue(
                        "the job running every task before event " + n,
                        Duration.ofSeconds(120),
                        () -> cluster.jobState(job).equals("RUNNING"));
                double at = seconds(System.nanoTime() - start);
                Event e =
                        switch (schedule.get(n - 1)) {
                            case "broker restart" -> restartBroker(cluster, job, n, at, brokerDown);
                            case "JobManager kill" -> killJobManager(cluster, job, n, at);
                            default -> killTaskManager(cluster, job, n, at);
                        };
                if (e.what().equals("broker restart")) next += TimeUnit.SECONDS.toNanos(brokerDown);
                results.add(e);
                System.out.println(row(e));
            }

            assertThat(producer.waitFor(interval + 180L, TimeUnit.SECONDS))
                    .as("the producer finished")
                    .isTrue();
            Set<Position> bad = flood.get(5, TimeUnit.MINUTES);
            long good = sent(cluster.run.resolve("logs").resolve("producer.out"));

            // The input as it is in Kafka: the good records are all but the bad ones' positions.
            List<ConsumerRecord<String, String>> input =
                    KafkaTopics.readCommitted(
                            KAFKA,
                            "transactions",
                            read -> read.size() >= good + bad.size(),
                            Duration.ofSeconds(60),
                            Duration.ofSeconds(1));
            assertThat(input).as("good and bad input records").hasSize((int) good + bad.size());
            Predicate<ConsumerRecord<String, String>> isBad =
                    r -> bad.contains(new Position(r.topic(), r.partition(), r.offset()));
            List<ConsumerRecord<String, String>> goodInput =
                    input.stream().filter(isBad.negate()).toList();
            int alerts =
                    LocalCluster.assertFraudAlertsExactlyOnce(
                            LocalCluster.fraudAmong(goodInput, true));

            List<ConsumerRecord<String, String>> dlq =
                    KafkaTopics.readCommitted(
                            KAFKA,
                            "transactions.dlq",
                            read -> read.size() >= bad.size(),
                            Duration.ofSeconds(90),
                            Duration.ofSeconds(5));
            UniqueRows.assertExactlyOnce(
                    dlq,
                    r -> {
                        JsonNode d = JsonlFiles.parse(r.value());
                        return new Position(
                                d.path("topic").asText(),
                                d.path("partition").asInt(),
                                d.path("offset").asLong());
                    },
                    bad,
                    "bad messages in the DLQ");

            String report =
                    report(
                            results,
                            schedule.size(),
                            interval,
                            rate,
                            checkpointInterval,
                            brokerDown,
                            String.format(
                                    "%d good input records, %d alerts, each exactly once; %d bad"
                                            + " messages, each in the DLQ exactly once",
                                    good, alerts, bad.size()));
            System.out.println(report);
            Files.writeString(Path.of("target", "chaos-drill.txt"), report);
            List<Event> taskManagerKills =
                    results.stream().filter(e -> e.what().equals("TaskManager kill")).toList();
            assertThat(taskManagerKills)
                    .as("every TaskManager kill back to RUNNING within %s", RUNNING_TARGET)
                    .allMatch(k -> k.runningSeconds() <= RUNNING_TARGET.toSeconds());
            assertThat(taskManagerKills)
                    .as(
                            "every TaskManager kill followed by a checkpoint within %s",
                            CHECKPOINT_TARGET)
                    .allMatch(k -> k.checkpointSeconds() <= CHECKPOINT_TARGET.toSeconds());
        }
    }

    /**
     * SIGKILL the TaskManager, start a new one at once, and time the job's way back by polling
     * REST.
     */
    private static Event killTaskManager(LocalCluster cluster, String job, int n, double at)
            throws InterruptedException {
        long before = latestCheckpoint(cluster, job);
        long killed = System.nanoTime();
        cluster.bin("taskmanager-stop", "--kill");
        cluster.bin("taskmanager-start");
        long[] times = awaitBackToRunning(cluster, job, "after TaskManager kill " + n);
        long checkpoint = awaitCheckpointAfter(cluster, job, before, "after TaskManager kill " + n);
        return new Event(
                n,
                "TaskManager kill",
                at,
                seconds(times[0] - killed),
                seconds(times[1] - killed),
                seconds(checkpoint - killed),
                "");
    }

    /**
     * Stops the broker (as an operator would, bin/kafka-stop), keeps it down {@code downSeconds},
     * starts it again, and times from the stop: the job noticing (if it does), running every task
     * again once the broker is back, and the first checkpoint begun after the broker is back
     * completing.
     */
    private static Event restartBroker(
            LocalCluster cluster, String job, int n, double at, int downSeconds)
            throws InterruptedException {
        long stopped = System.nanoTime();
        cluster.bin("kafka-stop");
        // Down for the drill's chosen time (a schedule, not a wait for a result), watching the job
        // meanwhile.
        long[] detected = {0};
        Set<String> whileDown = new TreeSet<>();
        cluster.awaitTrue(
                "the broker's " + downSeconds + " s down",
                Duration.ofSeconds(downSeconds + 30),
                () -> {
                    String state = cluster.jobState(job);
                    whileDown.add(state);
                    if (detected[0] == 0 && !state.equals("RUNNING"))
                        detected[0] = System.nanoTime();
                    return System.nanoTime() - stopped >= TimeUnit.SECONDS.toNanos(downSeconds);
                });
        cluster.bin("kafka-start");
        long up = System.nanoTime();
        long before = latestCheckpoint(cluster, job);
        long[] running = {0};
        Set<String> afterUp = new TreeSet<>();
        cluster.awaitTrue(
                "the job running every task and a checkpoint after the broker restart",
                Duration.ofSeconds(180),
                () -> {
                    String state = cluster.jobState(job);
                    afterUp.add(state);
                    if (!state.equals("RUNNING")) {
                        if (detected[0] == 0) detected[0] = System.nanoTime();
                        running[0] = 0;
                    } else if (running[0] == 0) {
                        running[0] = System.nanoTime();
                    }
                    return running[0] != 0 && latestCheckpoint(cluster, job) > before;
                });
        long checkpoint = System.nanoTime();
        return new Event(
                n,
                "broker restart",
                at,
                detected[0] == 0 ? Double.NaN : seconds(detected[0] - stopped),
                seconds(running[0] - stopped),
                seconds(checkpoint - stopped),
                String.format(
                        "down %.1f s; back -> RUNNING %.1f s, -> checkpoint %.1f s; job while down:"
                                + " %s; after: %s",
                        seconds(up - stopped),
                        seconds(Math.max(0, running[0] - up)),
                        seconds(checkpoint - up),
                        String.join(", ", whileDown),
                        String.join(", ", afterUp)));
    }

    /**
     * SIGKILL the JobManager, start a new one, and time the job coming back by itself (same id,
     * HA).
     */
    private static Event killJobManager(LocalCluster cluster, String job, int n, double at)
            throws InterruptedException {
        long before = latestCheckpoint(cluster, job);
        long killed = System.nanoTime();
        cluster.bin("jobmanager-stop", "--kill");
        cluster.awaitTrue(
                "the REST API gone with the JobManager",
                Duration.ofSeconds(10),
                () -> cluster.jobState(job).equals("no JobManager"));
        long detected = System.nanoTime();
        cluster.bin("jobmanager-start");
        long[] running = {0};
        cluster.awaitTrue(
                "the job RUNNING again on a new JobManager",
                Duration.ofSeconds(120),
                () -> {
                    if (cluster.jobState(job).equals("RUNNING")) running[0] = System.nanoTime();
                    return running[0] != 0;
                });
        long checkpoint = awaitCheckpointAfter(cluster, job, before, "after the JobManager kill");
        JsonNode restored =
                cluster.get("/jobs/" + job + "/checkpoints").path("latest").path("restored");
        return new Event(
                n,
                "JobManager kill",
                at,
                seconds(detected - killed),
                seconds(running[0] - killed),
                seconds(checkpoint - killed),
                "same job id, restored checkpoint "
                        + restored.path("id").asText("?")
                        + " (latest before the kill: "
                        + before
                        + ")");
    }

    /**
     * Waits for the job to stop running every task (if it does) and to run them all again: both
     * times.
     */
    private static long[] awaitBackToRunning(LocalCluster cluster, String job, String what)
            throws InterruptedException {
        long[] times = {0, 0};
        cluster.awaitTrue(
                "the job running every task again " + what,
                Duration.ofSeconds(180),
                () -> {
                    boolean allRunning = cluster.jobState(job).equals("RUNNING");
                    if (times[0] == 0 && !allRunning) times[0] = System.nanoTime();
                    if (times[0] != 0 && allRunning) times[1] = System.nanoTime();
                    return times[1] != 0;
                });
        return times;
    }

    private static long awaitCheckpointAfter(
            LocalCluster cluster, String job, long before, String what)
            throws InterruptedException {
        cluster.awaitTrue(
                "a checkpoint " + what,
                Duration.ofSeconds(180),
                () -> latestCheckpoint(cluster, job) > before);
        return System.nanoTime();
    }

    /**
     * The id of the latest completed checkpoint (0: none yet). Ids go on across JobManagers, unlike
     * the counts.
     */
    private static long latestCheckpoint(LocalCluster cluster, String job) {
        return cluster.get("/jobs/" + job + "/checkpoints")
                .path("latest")
                .path("completed")
                .path("id")
                .asLong();
    }

    /**
     * Sends the bad messages, spread evenly over {@code seconds}, to {@code transactions} among the
     * good ones, and returns where each landed. Idempotent and acks=all, so a send retried across
     * the broker restart lands once; a larger request size, so the 1 MiB ones go through.
     */
    private static Set<Position> flood(int seconds, Path log) {
        Random random = new Random(7);
        List<byte[]> bad = new ArrayList<>();
        for (int i = 0; i < 300; i++) bad.add(malformed(i).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 5; i++) {
            byte[] large = new byte[LARGEST_MESSAGE];
            Arrays.fill(large, (byte) ('a' + i));
            bad.add(large);
        }
        byte[] control = new byte[1_000_000];
        Arrays.fill(control, (byte) 0x01);
        bad.add(control);
        for (int i = 0; i < 100; i++) {
            byte[] b = new byte[1 + random.nextInt(i < 90 ? 200 : 100_000)];
            random.nextBytes(b);
            b[0] = (byte) ('a' + random.nextInt(26)); // never a '{': not JSON by chance
            bad.add(b);
        }
        Collections.shuffle(bad, random);
        long pauseNanos = TimeUnit.SECONDS.toNanos(seconds) / bad.size();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KAFKA,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                "true",
                                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                                String.valueOf(2 * 1024 * 1024),
                                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                                "300000",
                                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                                ByteArraySerializer.class.getName(),
                                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                                ByteArraySerializer.class.getName()))) {
            long next = System.nanoTime();
            for (byte[] b : bad) {
                sent.add(producer.send(new ProducerRecord<>("transactions", b)));
                next += pauseNanos;
                long wait = next - System.nanoTime();
                if (wait > 0)
                    TimeUnit.NANOSECONDS.sleep(
                            wait); // spreads the flood over the drill: no result awaited
            }
            producer.flush();
            Set<Position> positions = new HashSet<>();
            for (Future<RecordMetadata> f : sent) {
                RecordMetadata m = f.get();
                positions.add(new Position(m.topic(), m.partition(), m.offset()));
            }
            Files.writeString(log, positions.size() + " bad messages sent: " + positions + "\n");
            return positions;
        } catch (Exception e) {
            throw new IllegalStateException("the bad-message flood failed", e);
        }
    }

    /** Malformed lines of several kinds; the JSON ones would be fraud if the job took them. */
    private static String malformed(int i) {
        return switch (i % 6) {
            case 0 -> "{\"transaction_id\": \"bad_" + i + "\", \"amount\": \"lots\""; // cut off
            case 1 -> "not json " + i;
            case 2 ->
                    "{\"transaction_id\":\"bad_"
                            + i
                            + "\",\"amount\":5000,\"timestamp\":\"2024-01-15T10:00:00Z\","
                            + "\"category\":\"Electronics\",\"location\":\"NYC\"}"; // no user_id
            case 3 ->
                    "{\"transaction_id\":\"bad_"
                            + i
                            + "\",\"user_id\":\"u1\",\"amount\":\"5000\",\"timestamp\":\"2024-01-15T10:00:00Z\","
                            + "\"category\":\"Electronics\",\"location\":\"NYC\"}"; // amount a
            // string
            case 4 ->
                    "{\"transaction_id\":\"bad_"
                            + i
                            + "\",\"user_id\":\"u1\",\"amount\":-5000,\"timestamp\":\"2024-01-15T10:00:00Z\","
                            + "\"category\":\"Electronics\",\"location\":\"NYC\"}"; // negative
            default -> "[" + i + "]";
        };
    }

    /**
     * How many messages the steady producer had acknowledged (its last "Stats: N sent, E errors"
     * line).
     */
    private static long sent(Path out) throws IOException {
        Matcher m =
                Pattern.compile("Stats: (\\d+) sent, (\\d+) errors").matcher(Files.readString(out));
        String[] last = null;
        while (m.find()) last = new String[] {m.group(1), m.group(2)};
        assertThat(last).as("the producer's stats in " + out).isNotNull();
        assertThat(Long.parseLong(last[1]))
                .as("the producer's send errors (see " + out + ")")
                .isZero();
        return Long.parseLong(last[0]);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String row(Event e) {
        return String.format(
                "| %d | %s | %.0f | %s | %.1f | %.1f | %s |",
                e.n(),
                e.what(),
                e.atSeconds(),
                Double.isNaN(e.detectSeconds()) ? "-" : String.format("%.1f", e.detectSeconds()),
                e.runningSeconds(),
                e.checkpointSeconds(),
                e.note());
    }

    private static String report(
            List<Event> results,
            int events,
            int interval,
            int rate,
            String checkpointInterval,
            int brokerDown,
            String outcome) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        "Chaos drill: %d events %d s apart (broker down %d s), %d events/s,"
                                + " checkpoints every %s%n",
                        events, interval, brokerDown, rate, checkpointInterval));
        sb.append(
                "| # | event | at (s) | detected (s) | RUNNING (s) | checkpoint (s) | note |\n"
                        + "|---:|---|---:|---:|---:|---:|---|\n");
        for (Event e : results) sb.append(row(e)).append('\n');
        List<Event> tm = results.stream().filter(e -> e.what().equals("TaskManager kill")).toList();
        sb.append(
                String.format(
                        "TaskManager kills: max RUNNING %.1f s, max checkpoint %.1f s%n",
                        tm.stream().mapToDouble(Event::runningSeconds).max().orElse(0),
                        tm.stream().mapToDouble(Event::checkpointSeconds).max().orElse(0)));
        sb.append(outcome).append('\n');
        return sb.toString();
    }
}
