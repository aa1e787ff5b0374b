package dev.flinkrecipes.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaTopics;
import dev.flinkrecipes.testing.TestTransactions;
import dev.flinkrecipes.testing.TestTransactions.Txn;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The README's "Run on a cluster" and "Upgrade with a savepoint" steps, word for word, against real
 * processes: a Kafka broker, a standalone JobManager and TaskManagers started by the bin/ scripts, the
 * job jar submitted with Flink's own CLI. The TaskManager is killed mid-stream and replaced, the job is
 * stopped with a savepoint and resumed from it at parallelism 2; a read_committed consumer must then
 * see every expected alert exactly once. Processes are stopped whatever happens.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClusterE2EIT {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final String KAFKA = "localhost:9092";
    static final String REST = "http://localhost:8081";
    static Path run;
    static Path savepoints;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startCluster() throws Exception {
        for (int port : new int[] {8081, 6123, 9092, 9093}) {
            try (Socket ignored = new Socket("localhost", port)) {
                fail("port " + port + " is in use: stop the demo or a local cluster (bin/cluster-stop, bin/kafka-stop) first");
            } catch (IOException free) {
                // as it should be
            }
        }
        run = Files.createTempDirectory("flink-recipes-e2e");
        savepoints = run.resolve("savepoints");
        bin("kafka-start");
        bin("cluster-start");
        bin("kafka-topics", "--create", "--topic", "transactions", "--partitions", "2");
        bin("kafka-topics", "--create", "--topic", "fraud_alerts", "--partitions", "2");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (run == null) return;
        try {
            bin("cluster-stop");
        } finally {
            bin("kafka-stop");
        }
    }

    @Test
    void submitKillTaskManagerStopWithSavepointAndResumeRescaled() throws Exception {
        List<Txn> input = TestTransactions.random(21, 4000, Instant.parse("2024-01-15T10:00:00Z").toEpochMilli(), 1000, 0);
        Map<String, Txn> expected = new HashMap<>();
        input.stream().filter(t -> t.cents() > 300_000 || (t.category().equals("Electronics") && t.cents() > 100_000))
                .forEach(t -> expected.put(t.id(), t));

        String submitted = bin("job-submit", "fraud-detection", "--bootstrap-servers", KAFKA, "--checkpoint-interval", "2s");
        assertThat(submitted).contains("Job has been submitted with JobID");
        String job = waitForRunningJob("fraud-detection", 1);
        JsonNode details = get("/jobs/" + job);
        assertThat(details.path("vertices").get(0).path("name").asText())
                .contains("Kafka source: transactions", "Parse Transaction", "Fraud rules", "Kafka sink: results to fraud_alerts");

        produce(input.subList(0, 1000));
        awaitTrue("alerts counted in the job's metrics", () -> status().path("metrics").path("alertsEmitted").asLong() > 0);
        JsonNode progress = status();
        assertThat(progress.path("status").asText()).isEqualTo("RUNNING");
        assertThat(progress.path("numInputRows").asLong()).isPositive();
        assertThat(progress.path("lastCheckpoint").path("completed").asLong()).isPositive();

        // A machine failure: the TaskManager dies; a new one takes over and the job recovers.
        bin("taskmanager-stop", "--kill");
        bin("taskmanager-start");
        produce(input.subList(1000, 2000));
        awaitTrue("the job restored from its last checkpoint",
                () -> get("/jobs/" + job + "/checkpoints").path("counts").path("restored").asLong() > 0);
        waitForRunningJob("fraud-detection", 1);
        long completed = get("/jobs/" + job + "/checkpoints").path("counts").path("completed").asLong();
        awaitTrue("a checkpoint after the recovery",
                () -> get("/jobs/" + job + "/checkpoints").path("counts").path("completed").asLong() > completed);

        // Upgrade path: stop with a savepoint, input keeps arriving while the job is down.
        String stopped = bin("job-stop", "fraud-detection");
        String savepoint = stopped.lines().filter(l -> l.startsWith("Savepoint completed. Path: "))
                .map(l -> l.substring("Savepoint completed. Path: ".length())).findFirst().orElseThrow();
        assertThat(Path.of(URI.create(savepoint))).exists().startsWith(savepoints);
        produce(input.subList(2000, 3000));

        bin("job-resume", savepoint, "-p", "2", "fraud-detection", "--bootstrap-servers", KAFKA, "--checkpoint-interval", "2s");
        String resumed = waitForRunningJob("fraud-detection", 2);
        assertThat(resumed).isNotEqualTo(job);
        produce(input.subList(3000, 4000));

        List<ConsumerRecord<String, String>> alerts = KafkaTopics.readCommitted(KAFKA, "fraud_alerts",
                read -> read.size() >= expected.size(), Duration.ofSeconds(90), Duration.ofSeconds(5));
        Map<String, Long> seen = alerts.stream().collect(Collectors.groupingBy(
                r -> JsonlFiles.parse(r.value()).get("transaction_id").asText(), Collectors.counting()));
        assertThat(seen.entrySet()).as("duplicated alerts").filteredOn(e -> e.getValue() > 1).isEmpty();
        assertThat(seen.keySet()).as("every alert, nothing extra").containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    private void produce(List<Txn> txns) {
        try (KafkaProducer<String, String> producer = KafkaTopics.producer(KAFKA)) {
            txns.forEach(t -> KafkaTopics.send(producer, "transactions", t.user(), t.json()));
        }
    }

    /** The job's progress as bin/job-status prints it (Spark's lastProgress). */
    private JsonNode status() {
        String out = bin("job-status", "--job", "fraud-detection");
        return JsonlFiles.parse(out.substring(out.indexOf('{')));
    }

    private String waitForRunningJob(String name, int parallelism) throws Exception {
        String[] id = new String[1];
        awaitTrue(name + " RUNNING at parallelism " + parallelism + " with every task running", () -> {
            for (JsonNode j : get("/jobs/overview").path("jobs")) {
                if (j.path("name").asText().equals(name) && j.path("state").asText().equals("RUNNING")
                        && j.path("tasks").path("running").asInt() == j.path("tasks").path("total").asInt()) {
                    JsonNode v = get("/jobs/" + j.path("jid").asText()).path("vertices").get(0);
                    if (v.path("parallelism").asInt() == parallelism) {
                        id[0] = j.path("jid").asText();
                        return true;
                    }
                }
            }
            return false;
        });
        return id[0];
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(REST + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JsonlFiles.parse(r.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("GET " + path, e);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) return;
            } catch (RuntimeException notYet) {
                // the cluster may be between states
            }
            Thread.sleep(500);
        }
        fail("timed out waiting for: " + what + "\n" + logTails());
    }

    /** Runs a bin/ script with this test's run folder; returns its output, fails with it on a non-zero exit. */
    static String bin(String script, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("bin").resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("FLINK_RECIPES_RUN", run.toString());
        pb.environment().put("FLINK_RECIPES_SAVEPOINTS", savepoints.toString());
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("bin/" + script + " did not finish:\n" + out);
            }
            if (p.exitValue() != 0) fail("bin/" + script + " " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + out + "\n" + logTails());
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("bin/" + script, e);
        }
    }

    private static String logTails() {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> logs = Files.list(run.resolve("logs"))) {
            for (Path log : logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                sb.append("--- ").append(log.getFileName()).append(" (last 15 lines)\n");
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException e) {
            sb.append("(no logs: ").append(e).append(")");
        }
        return sb.toString();
    }
}
