package dev.flinkrecipes.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.flinkrecipes.cluster.LocalCluster.KAFKA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos drill (bin/chaos): a lost TaskManager again and again. With real processes (ZooKeeper, Kafka,
 * a cluster of one TaskManager, fraud-detection fed by a producer at a steady rate), the TaskManager is
 * killed (SIGKILL) {@code chaos.kills} times, {@code chaos.interval} seconds apart, and a new one started
 * right after each kill, as a supervisor would. For each kill it prints how long the cluster took to notice
 * (the job stops running every task), to run every task again, and to complete a checkpoint, and checks the
 * targets: RUNNING within 20 s and a checkpoint within 30 s of every kill. At the end a read_committed
 * consumer must see every expected alert exactly once. Minutes long, so it runs only when asked for:
 * {@code bin/chaos --kills 10 --interval 60} (docs/operations.md has the numbers).
 */
@EnabledIfSystemProperty(named = "chaos.kills", matches = "[0-9]+")
class TaskManagerChaosDrillIT {
    static final int MALFORMED_EVERY = 250;
    static final Duration RUNNING_TARGET = Duration.ofSeconds(20);
    static final Duration CHECKPOINT_TARGET = Duration.ofSeconds(30);

    record Kill(int n, double detectSeconds, double runningSeconds, double checkpointSeconds) {}

    @Test
    void everyKilledTaskManagerIsReplacedWithinTheTargetsAndNothingIsLostOrDuplicated() throws Exception {
        int kills = Integer.getInteger("chaos.kills");
        int interval = Integer.getInteger("chaos.interval", 60);
        int rate = Integer.getInteger("chaos.rate", 50);
        String checkpointInterval = System.getProperty("chaos.checkpoint-interval", "10s");
        try (LocalCluster cluster = LocalCluster.start("flink-recipes-chaos")) {
            cluster.bin("kafka-topics", "--create", "--topic", "transactions", "--partitions", "2");
            cluster.bin("kafka-topics", "--create", "--topic", "fraud_alerts", "--partitions", "2");
            cluster.bin("job-submit", "fraud-detection", "--bootstrap-servers", KAFKA, "--checkpoint-interval", checkpointInterval);
            String job = cluster.waitForRunningJob("fraud-detection", 1, Duration.ofSeconds(90));

            // Input for the whole drill and a little after, at a steady rate.
            int count = rate * (kills * interval + 30);
            Process producer = cluster.binInBackground("producer.out", "produce", "--count", String.valueOf(count),
                    "--rate", String.valueOf(rate), "--seed", "11", "--start-time", "2024-01-15T10:00:00Z",
                    "--malformed-every", String.valueOf(MALFORMED_EVERY));
            cluster.awaitTrue("a first checkpoint", Duration.ofSeconds(60), () -> cluster.completedCheckpoints(job) > 0);

            List<Kill> results = new ArrayList<>();
            long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(interval / 2);
            for (int n = 1; n <= kills; n++) {
                // The drill's own schedule, one kill every `interval` seconds (a clock, not a wait for a result).
                Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())));
                next += TimeUnit.SECONDS.toNanos(interval);
                cluster.awaitTrue("the job running every task before kill " + n, Duration.ofSeconds(60),
                        () -> cluster.jobState(job).equals("RUNNING"));
                results.add(killAndMeasure(cluster, job, n));
                Kill k = results.get(results.size() - 1);
                System.out.printf("kill %2d: detected %5.1f s, RUNNING %5.1f s, checkpoint %5.1f s%n",
                        k.n(), k.detectSeconds(), k.runningSeconds(), k.checkpointSeconds());
            }
            assertThat(producer.waitFor(interval + 120L, TimeUnit.SECONDS)).as("the producer finished").isTrue();
            int alerts = LocalCluster.assertFraudAlertsExactlyOnce(count + count / MALFORMED_EVERY);

            String report = report(results, kills, interval, rate, checkpointInterval, count + count / MALFORMED_EVERY, alerts);
            System.out.println(report);
            Files.writeString(Path.of("target", "chaos-drill.txt"), report);
            assertThat(results).as("every kill back to RUNNING within %s", RUNNING_TARGET)
                    .allMatch(k -> k.runningSeconds() <= RUNNING_TARGET.toSeconds());
            assertThat(results).as("every kill followed by a checkpoint within %s", CHECKPOINT_TARGET)
                    .allMatch(k -> k.checkpointSeconds() <= CHECKPOINT_TARGET.toSeconds());
        }
    }

    /** SIGKILL the TaskManager, start a new one at once, and time the job's way back by polling REST. */
    private static Kill killAndMeasure(LocalCluster cluster, String job, int n) throws InterruptedException {
        long completedBefore = cluster.completedCheckpoints(job);
        long killed = System.nanoTime();
        cluster.bin("taskmanager-stop", "--kill");
        cluster.bin("taskmanager-start");
        long[] detected = {0};
        long[] running = {0};
        cluster.awaitTrue("the job running every task again after kill " + n, Duration.ofSeconds(120), () -> {
            boolean allRunning = cluster.jobState(job).equals("RUNNING");
            if (detected[0] == 0 && !allRunning) detected[0] = System.nanoTime();
            if (detected[0] != 0 && allRunning) running[0] = System.nanoTime();
            return running[0] != 0;
        });
        cluster.awaitTrue("a checkpoint after kill " + n, Duration.ofSeconds(120),
                () -> cluster.completedCheckpoints(job) > completedBefore);
        long checkpoint = System.nanoTime();
        return new Kill(n, seconds(detected[0] - killed), seconds(running[0] - killed), seconds(checkpoint - killed));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String report(List<Kill> results, int kills, int interval, int rate, String checkpointInterval, int input, int alerts) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Chaos drill: %d TaskManager kills %d s apart, %d events/s, checkpoints every %s%n",
                kills, interval, rate, checkpointInterval));
        sb.append("| kill | detected (s) | RUNNING (s) | checkpoint (s) |\n|---:|---:|---:|---:|\n");
        for (Kill k : results) {
            sb.append(String.format("| %d | %.1f | %.1f | %.1f |%n", k.n(), k.detectSeconds(), k.runningSeconds(), k.checkpointSeconds()));
        }
        sb.append(String.format("max: detected %.1f s, RUNNING %.1f s, checkpoint %.1f s; %d input records, %d alerts, each exactly once%n",
                results.stream().mapToDouble(Kill::detectSeconds).max().orElse(0),
                results.stream().mapToDouble(Kill::runningSeconds).max().orElse(0),
                results.stream().mapToDouble(Kill::checkpointSeconds).max().orElse(0), input, alerts));
        return sb.toString();
    }
}
