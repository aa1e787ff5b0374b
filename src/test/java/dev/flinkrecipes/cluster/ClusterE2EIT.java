package dev.flinkrecipes.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaTopics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's "Run on a cluster" and "Upgrade with a savepoint" steps, word for word, against real
 * processes: a Kafka broker, a standalone JobManager and TaskManagers started by the bin/ scripts,
 * the job jar submitted with Flink's own CLI. The TaskManager is killed mid-stream and replaced,
 * the job is stopped with a savepoint and resumed from it at parallelism 2; a read_committed
 * consumer must then see every expected alert exactly once. The cluster is the {@link
 * SharedCluster}; its processes are stopped at the end of the run whatever happens.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClusterE2EIT {
    @RegisterExtension static final SharedCluster CLUSTER = new SharedCluster();
    static LocalCluster cluster;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void createTopics() {
        cluster = CLUSTER.get();
        bin("kafka-topics", "--create", "--topic", "transactions", "--partitions", "2");
        bin("kafka-topics", "--create", "--topic", "fraud_alerts", "--partitions", "2");
    }

    @Test
    void submitKillTaskManagerStopWithSavepointAndResumeRescaled() throws Exception {
        String submitted =
                bin(
                        "job-submit",
                        "fraud-detection",
                        "--bootstrap-servers",
                        cluster.kafka,
                        "--checkpoint-interval",
                        "2s");
        assertThat(submitted).contains("Job has been submitted with JobID");
        String job = waitForRunningJob("fraud-detection", 1);
        JsonNode details = get("/jobs/" + job);
        assertThat(details.path("vertices").get(0).path("name").asText())
                .contains(
                        "Kafka source: transactions",
                        "Parse Transaction",
                        "Fraud rules",
                        "Kafka sink: results to fraud_alerts");

        produce(1, "2024-01-15T10:00:00Z");
        awaitTrue(
                "alerts counted in the job's metrics",
                () -> status().path("metrics").path("alertsEmitted").asLong() > 0);
        JsonNode progress = status();
        assertThat(progress.path("status").asText()).isEqualTo("RUNNING");
        assertThat(progress.path("numInputRows").asLong()).isPositive();
        assertThat(progress.path("lastCheckpoint").path("completed").asLong()).isPositive();

        awaitTrue(
                "the project's counters in Prometheus",
                () -> prometheusMetrics().contains("_alertsEmitted"));
        assertThat(prometheusMetrics()).contains("_deadLetters", "_pendingRecords");

        // A machine failure: the TaskManager dies; a new one takes over and the job recovers.
        bin("taskmanager-stop", "--kill");
        bin("taskmanager-start");
        produce(2, "2024-01-15T11:00:00Z");
        awaitTrue(
                "the job restored from its last checkpoint",
                () ->
                        get("/jobs/" + job + "/checkpoints")
                                        .path("counts")
                                        .path("restored")
                                        .asLong()
                                > 0);
        waitForRunningJob("fraud-detection", 1);
        long completed =
                get("/jobs/" + job + "/checkpoints").path("counts").path("completed").asLong();
        awaitTrue(
                "a checkpoint after the recovery",
                () ->
                        get("/jobs/" + job + "/checkpoints")
                                        .path("counts")
                                        .path("completed")
                                        .asLong()
                                > completed);
        awaitTrue(
                "dead letters counted",
                () -> status().path("metrics").path("deadLetters").asLong() > 0);

        // Upgrade path: stop with a savepoint, input keeps arriving while the job is down.
        String stopped = bin("job-stop", "fraud-detection");
        String savepoint =
                stopped.lines()
                        .filter(l -> l.startsWith("Savepoint completed. Path: "))
                        .map(l -> l.substring("Savepoint completed. Path: ".length()))
                        .findFirst()
                        .orElseThrow();
        assertThat(Path.of(URI.create(savepoint)))
                .exists()
                .startsWith(cluster.run.resolve("savepoints"));
        produce(3, "2024-01-15T12:00:00Z");

        bin(
                "job-resume",
                savepoint,
                "-p",
                "2",
                "fraud-detection",
                "--bootstrap-servers",
                cluster.kafka,
                "--checkpoint-interval",
                "2s");
        String resumed = waitForRunningJob("fraud-detection", 2);
        assertThat(resumed).isNotEqualTo(job);
        produce(4, "2024-01-15T13:00:00Z");

        // What should come out, computed here from what is on the input topic.
        List<ConsumerRecord<String, String>> input =
                KafkaTopics.readCommitted(
                        cluster.kafka,
                        "transactions",
                        read -> read.size() >= 4 * (PER_PHASE + PER_PHASE / MALFORMED_EVERY),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(1));
        assertThat(input).hasSize(4 * (PER_PHASE + PER_PHASE / MALFORMED_EVERY));
        Set<String> expected = LocalCluster.fraudAmong(input, false);
        assertThat(expected).hasSizeGreaterThan(PER_PHASE);
        cluster.assertFraudAlertsExactlyOnce(expected);
    }

    static final int PER_PHASE = 1000;
    static final int MALFORMED_EVERY = 250;

    /** The README's producer step: bin/produce, seeded, as fast as it can. */
    private void produce(int seed, String startTime) {
        String out =
                bin(
                        "produce",
                        "--count",
                        String.valueOf(PER_PHASE),
                        "--rate",
                        "0",
                        "--seed",
                        String.valueOf(seed),
                        "--start-time",
                        startTime,
                        "--malformed-every",
                        String.valueOf(MALFORMED_EVERY));
        assertThat(out)
                .contains(
                        "Stats: " + (PER_PHASE + PER_PHASE / MALFORMED_EVERY) + " sent, 0 errors");
    }

    /** The job's progress as bin/job-status prints it (Spark's lastProgress). */
    private JsonNode status() {
        String out = bin("job-status", "--job", "fraud-detection");
        return JsonlFiles.parse(out.substring(out.indexOf('{')));
    }

    /**
     * Every process's Prometheus endpoint (one port each, of the cluster's range), concatenated.
     */
    private String prometheusMetrics() {
        StringBuilder all = new StringBuilder();
        for (int port = cluster.ports.prometheusFirst();
                port <= cluster.ports.prometheusLast();
                port++) {
            try {
                all.append(
                        http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://localhost:"
                                                                        + port
                                                                        + "/metrics"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body());
            } catch (IOException | InterruptedException closed) {
                // no process on this port
            }
        }
        return all.toString();
    }

    private static JsonNode get(String path) {
        return cluster.get(path);
    }

    private static String waitForRunningJob(String name, int parallelism)
            throws InterruptedException {
        return cluster.waitForRunningJob(name, parallelism, Duration.ofSeconds(90));
    }

    private static void awaitTrue(String what, BooleanSupplier condition)
            throws InterruptedException {
        cluster.awaitTrue(what, Duration.ofSeconds(90), condition);
    }

    static String bin(String script, String... args) {
        return cluster.bin(script, args);
    }
}
