package dev.flinkrecipes.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * High availability with real processes: the README's HA steps. ZooKeeper, Kafka and a cluster
 * started by bin/cluster-start (the {@link SharedCluster}); fraud-detection submitted with Flink's
 * CLI; while a producer writes at a steady rate, the JobManager is killed (SIGKILL), and its
 * supervisor (bin/jobmanager-start runs it under bin/supervise) starts a new one. Nobody starts or
 * resubmits anything: the job must come back by itself, same job id, from its latest checkpoint, on
 * the TaskManager that was already there, and a read_committed consumer must see every expected
 * alert exactly once.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class JobManagerFailoverIT {
    static final int RATE = 200;
    static final int DURING = 4000;
    static final int AFTER = 1000;
    static final int MALFORMED_EVERY = 250;

    /** Topics of its own: other classes on the shared cluster run fraud-detection too. */
    static final String INPUT = "ha-transactions";

    static final String ALERTS = "ha-fraud_alerts";

    @RegisterExtension static final SharedCluster CLUSTER = new SharedCluster();

    @Test
    void aNewJobManagerResumesTheJobFromItsLatestCheckpoint() throws Exception {
        LocalCluster cluster = CLUSTER.get();
        cluster.createTopics(INPUT, ALERTS);
        assertThat(cluster.bin("job-submit", cluster.fraudDetection(INPUT, ALERTS)))
                .contains("Job has been submitted with JobID");
        String job = cluster.waitForRunningJob("fraud-detection", 1, Duration.ofSeconds(90));
        List<String> taskManagers = taskManagerIds(cluster);
        assertThat(taskManagers).hasSize(1);

        // Mid-stream: the producer keeps writing while the JobManager is lost and replaced.
        Process producer =
                cluster.binInBackground(
                        "producer-during.out",
                        "produce",
                        "--topic",
                        INPUT,
                        "--count",
                        String.valueOf(DURING),
                        "--rate",
                        String.valueOf(RATE),
                        "--seed",
                        "1",
                        "--start-time",
                        "2024-01-15T10:00:00Z",
                        "--malformed-every",
                        String.valueOf(MALFORMED_EVERY));
        long before = cluster.completedCheckpoints(job);
        cluster.awaitTrue(
                "two checkpoints while the producer writes",
                Duration.ofSeconds(60),
                () -> cluster.completedCheckpoints(job) >= before + 2);

        ProcessHandle killedJobManager = cluster.process("jobmanager").orElseThrow();
        cluster.bin("jobmanager-stop", "--kill");
        long killed = System.nanoTime();
        cluster.awaitTrue(
                "the REST API gone with the JobManager",
                Duration.ofSeconds(10),
                () -> cluster.jobState(job).equals("no JobManager"));
        // Nobody starts a JobManager: its supervisor (bin/supervise) does, as a process manager
        // would.
        String resumed = cluster.waitForRunningJob("fraud-detection", 1, Duration.ofSeconds(120));
        System.out.printf(
                "JobManager killed -> job RUNNING again on the JobManager its supervisor started:"
                        + " %.1f s%n",
                (System.nanoTime() - killed) / 1e9);
        assertThat(cluster.process("jobmanager").orElseThrow().pid())
                .as("a new JobManager process")
                .isNotEqualTo(killedJobManager.pid());
        assertThat(resumed).as("the same job, not a new submission").isEqualTo(job);
        JsonNode checkpoints = cluster.get("/jobs/" + job + "/checkpoints");
        assertThat(checkpoints.path("counts").path("restored").asLong())
                .as("restored from a checkpoint")
                .isPositive();
        assertThat(checkpoints.path("latest").path("restored").path("id").asLong())
                .isGreaterThanOrEqualTo(before + 2);
        assertThat(checkpoints.path("latest").path("restored").path("is_savepoint").asBoolean())
                .isFalse();
        assertThat(taskManagerIds(cluster))
                .as("the TaskManager reconnected by itself")
                .isEqualTo(taskManagers);

        assertThat(producer.waitFor(2, TimeUnit.MINUTES)).as("the producer finished").isTrue();
        long after = cluster.completedCheckpoints(job);
        cluster.awaitTrue(
                "a checkpoint on the new JobManager",
                Duration.ofSeconds(60),
                () -> cluster.completedCheckpoints(job) > after);
        assertThat(
                        cluster.bin(
                                "produce",
                                "--topic",
                                INPUT,
                                "--count",
                                String.valueOf(AFTER),
                                "--rate",
                                "0",
                                "--seed",
                                "2",
                                "--start-time",
                                "2024-01-15T12:00:00Z",
                                "--malformed-every",
                                String.valueOf(MALFORMED_EVERY)))
                .contains("Stats: " + (AFTER + AFTER / MALFORMED_EVERY) + " sent, 0 errors");

        int input = DURING + DURING / MALFORMED_EVERY + AFTER + AFTER / MALFORMED_EVERY;
        int alerts = cluster.assertFraudAlertsExactlyOnce(input, INPUT, ALERTS);
        System.out.printf("%d input records, %d alerts, each exactly once%n", input, alerts);
    }

    private static List<String> taskManagerIds(LocalCluster cluster) {
        List<String> ids = new ArrayList<>();
        for (JsonNode tm : cluster.get("/taskmanagers").path("taskmanagers"))
            ids.add(tm.path("id").asText());
        return ids;
    }
}
