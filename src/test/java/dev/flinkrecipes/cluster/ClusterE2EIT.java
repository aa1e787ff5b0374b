package dev.flinkrecipes.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        String submitted = bin("job-submit", "fraud-detection", "--bootstrap-servers", KAFKA, "--checkpoint-interval", "2s");
        assertThat(submitted).contains("Job has been submitted with JobID");
        String job = waitForRunningJob("fraud-detection", 1);
        JsonNode details = get("/jobs/" + job);
        assertThat(details.path("vertices").get(0).path("name").asText())
                .contains("Kafka source: transactions", "Parse Transaction", "Fraud rules", "Kafka sink: results to fraud_alerts");

        produce(1, "2024-01-15T10:00:00Z");
        awaitTrue("alerts counted in the job's metrics", () -> status().path("metrics").path("alertsEmitted").asLong() > 0);
        JsonNode progress = status();
        assertThat(progress.path("status").asText()).isEqualTo("RUNNING");
        assertThat(progress.path("numInputRows").asLong()).isPositive();
        assertThat(progress.path("lastCheckpoint").path("completed").asLong()).isPositive();

        awaitTrue("the project's counters in Prometheus", () -> prometheusMetrics().contains("_alertsEmitted"));
        assertThat(prometheusMetrics()).contains("_deadLetters", "_pendingRecords");

        // A machine failure: the TaskManager dies; a new one takes over and the job recovers.
        bin("taskmanager-stop", "--kill");
        bin("taskmanager-start");
        produce(2, "2024-01-15T11:00:00Z");
        awaitTrue("the job restored from its last checkpoint",
                () -> get("/jobs/" + job + "/checkpoints").path("counts").path("restored").asLong() > 0);
        waitForRunningJob("fraud-detection", 1);
        long completed = get("/jobs/" + job + "/checkpoints").path("counts").path("completed").asLong();
        awaitTrue("a checkpoint after the recovery",
                () -> get("/jobs/" + job + "/checkpoints").path("counts").path("completed").asLong() > completed);
        awaitTrue("dead letters counted", () -> status().path("metrics").path("deadLetters").asLong() > 0);

        // Upgrade path: stop with a savepoint, input keeps arriving while the job is down.
        String stopped = bin("job-stop", "fraud-detection");
        String savepoint = stopped.lines().filter(l -> l.startsWith("Savepoint completed. Path: "))
                .map(l -> l.substring("Savepoint completed. Path: ".length())).findFirst().orElseThrow();
        assertThat(Path.of(URI.create(savepoint))).exists().startsWith(savepoints);
        produce(3, "2024-01-15T12:00:00Z");

        bin("job-resume", savepoint, "-p", "2", "fraud-detection", "--bootstrap-servers", KAFKA, "--checkpoint-interval", "2s");
        String resumed = waitForRunningJob("fraud-detection", 2);
        assertThat(resumed).isNotEqualTo(job);
        produce(4, "2024-01-15T13:00:00Z");

        // What should come out, computed here from what is on the input topic.
        Set<String> expected = new HashSet<>();
        int[] malformed = {0};
        List<ConsumerRecord<String, String>> input = KafkaTopics.readCommitted(KAFKA, "transactions",
                read -> read.size() >= 4 * (PER_PHASE + PER_PHASE / MALFORMED_EVERY), Duration.ofSeconds(30), Duration.ofSeconds(1));
        for (ConsumerRecord<String, String> r : input) {
            JsonNode t;
            try {
                t = new ObjectMapper().readTree(r.value());
            } catch (IOException e) {
                malformed[0]++;
                continue;
            }
            if (!t.path("amount").isNumber()) {
                malformed[0]++;
                continue;
            }
            BigDecimal amount = t.get("amount").decimalValue();
            boolean fraud = amount.compareTo(BigDecimal.valueOf(3000)) > 0
                    || ("Electronics".equals(t.get("category").asText()) && amount.compareTo(BigDecimal.valueOf(1000)) > 0);
            if (fraud) expected.add(key(t));
        }
        assertThat(malformed[0]).isEqualTo(4 * PER_PHASE / MALFORMED_EVERY);
        assertThat(expected).hasSizeGreaterThan(PER_PHASE);

        List<ConsumerRecord<String, String>> alerts = KafkaTopics.readCommitted(KAFKA, "fraud_alerts",
                read -> read.size() >= expected.size(), Duration.ofSeconds(90), Duration.ofSeconds(5));
        Map<String, Long> seen = alerts.stream().collect(Collectors.groupingBy(
                r -> key(JsonlFiles.parse(r.value())), Collectors.counting()));
        assertThat(seen.entrySet()).as("duplicated alerts").filteredOn(e -> e.getValue() > 1).isEmpty();
        assertThat(seen.keySet()).as("every alert, nothing extra").containsExactlyInAnyOrderElementsOf(expected);
    }

    static final int PER_PHASE = 1000;
    static final int MALFORMED_EVERY = 250;

    /** The generator numbers transactions from txn_0 in every run: the id and time together are unique. */
    private static String key(JsonNode txn) {
        return txn.get("transaction_id").asText() + "@" + txn.get("timestamp").asText();
    }

    /** The README's producer step: bin/produce, seeded, as fast as it can. */
    private void produce(int seed, String startTime) {
        String out = bin("produce", "--count", String.valueOf(PER_PHASE), "--rate", "0", "--seed", String.valueOf(seed),
                "--start-time", startTime, "--malformed-every", String.valueOf(MALFORMED_EVERY));
        assertThat(out).contains("Stats: " + (PER_PHASE + PER_PHASE / MALFORMED_EVERY) + " sent, 0 errors");
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

    /** Every process's Prometheus endpoint (flink-conf: ports 9249-9259), concatenated. */
    private String prometheusMetrics() {
        StringBuilder all = new StringBuilder();
        for (int port = 9249; port <= 9259; port++) {
            try {
                all.append(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            } catch (IOException | InterruptedException closed) {
                // no process on this port
            }
        }
        return all.toString();
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
