package dev.flinkrecipes.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two submissions of one job with one transactional id prefix at the same moment: both pass a check
 * made by each client before the other's job exists, so the cluster checks again where it cannot
 * race, as each job starts writing. One job runs; the other fails at once with the reason, before
 * its writers fence the first one's; the TaskManager both ran on lives on, and the running job's
 * output is exactly once.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConcurrentSubmitIT {
    static final String INPUT = "twin-transactions";
    static final String ALERTS = "twin-fraud_alerts";
    static final int MALFORMED_EVERY = 250;

    /**
     * The job's periodic checkpoints are far apart: the test takes its checkpoints itself ({@link
     * #checkpointNow}), so none can start while it fences a transaction. Racing periodic ones
     * (every 2 s), the fence, a new producer's initTransactions, sometimes landed after the next
     * checkpoint had snapshotted the transaction it fenced: the test itself then lost that
     * transaction's records, under the full suite's load.
     */
    static final String CHECKPOINT_INTERVAL = "5min";

    @RegisterExtension static final SharedCluster CLUSTER = new SharedCluster();

    /** Takes over {@code transactionalId}: its previous producer is fenced. */
    private static void fence(String transactionalId) {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                CLUSTER.get().kafka,
                                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                                transactionalId),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.initTransactions();
        }
    }

    /** Triggers a checkpoint through the REST API and waits for it; returns its id. */
    private static long checkpointNow(String job) throws Exception {
        LocalCluster cluster = CLUSTER.get();
        LocalCluster.Response r =
                cluster.post("/jobs/" + job + "/checkpoints", "{}", Duration.ofSeconds(30));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String trigger = JsonlFiles.parse(r.body()).path("request-id").asText();
        long[] id = {0};
        cluster.awaitTrue(
                "checkpoint " + trigger + " completed",
                Duration.ofSeconds(60),
                () -> {
                    JsonNode status = cluster.get("/jobs/" + job + "/checkpoints/" + trigger);
                    String state = status.path("status").path("id").asText();
                    if (!state.equals("COMPLETED")) return false;
                    JsonNode failure = status.path("operation").path("failure-cause");
                    assertThat(failure.isMissingNode() || failure.isNull())
                            .as("checkpoint %s: %s", trigger, failure)
                            .isTrue();
                    id[0] = status.path("operation").path("checkpointId").asLong();
                    return true;
                });
        return id[0];
    }

    /**
     * The writer's open transaction after checkpoint {@code checkpoint}: the sink names each
     * transaction {@code <prefix><checkpoint id>} for the checkpoint that will commit it, and opens
     * it as it snapshots the one before. No checkpoint is running (the test takes them), so no
     * checkpoint has reached it: fencing it must fail the job, which replays its records from the
     * checkpoint. Open (ONGOING) also means the writer has sent into it, so the fence is noticed.
     */
    private static String transactionAfter(long checkpoint, String prefix) throws Exception {
        LocalCluster cluster = CLUSTER.get();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafka))) {
            String[] current = {null};
            Await.untilChecked(
                    "an open transaction under " + prefix + " after checkpoint " + checkpoint,
                    Duration.ofSeconds(30),
                    () -> {
                        for (String open : openTransactions(admin, prefix)) {
                            long id = Long.parseLong(open.substring(open.lastIndexOf('-') + 1));
                            if (id > checkpoint) current[0] = open;
                        }
                        return current[0] != null;
                    },
                    () -> "");
            return current[0];
        }
    }

    private static List<String> openTransactions(Admin admin, String prefix) throws Exception {
        List<String> open = new ArrayList<>();
        for (TransactionListing t : admin.listTransactions().all().get())
            if (t.transactionalId().startsWith(prefix) && t.state() == TransactionState.ONGOING)
                open.add(t.transactionalId());
        return open;
    }

    private static long restored(LocalCluster cluster, String job) {
        return cluster.get("/jobs/" + job + "/checkpoints")
                .path("counts")
                .path("restored")
                .asLong();
    }

    @Test
    void oneOfTwoSimultaneousSubmitsRunsAndTheTaskManagerLives() throws Exception {
        LocalCluster cluster = CLUSTER.get();
        cluster.createTopics(INPUT, ALERTS);
        ProcessHandle taskManager = cluster.process("taskmanager-1").orElseThrow();
        List<String> jobs =
                cluster.submitFraudDetectionTwiceAtOnce(INPUT, ALERTS, CHECKPOINT_INTERVAL);

        // Whatever passed the clients' check: one job runs, any other has failed for good with the
        // reason, and that stays so while the producer writes.
        cluster.awaitTrue(
                "one job RUNNING, the other FAILED",
                Duration.ofSeconds(60),
                () ->
                        jobs.stream().filter(j -> cluster.jobState(j).equals("RUNNING")).count()
                                        == 1
                                && jobs.stream()
                                                .filter(j -> cluster.jobState(j).equals("FAILED"))
                                                .count()
                                        == jobs.size() - 1);
        String running =
                jobs.stream().filter(j -> cluster.jobState(j).equals("RUNNING")).findFirst().get();
        for (String job : jobs) {
            if (job.equals(running)) continue;
            JsonNode exceptions = cluster.get("/jobs/" + job + "/exceptions");
            assertThat(exceptions.path("exceptionHistory").toString())
                    .as("the refused job's failure names the job that holds the prefix")
                    .contains("is in use by running job")
                    .contains(running);
        }
        Process producer =
                cluster.binInBackground(
                        "twin-producer.out",
                        "produce",
                        "--topic",
                        INPUT,
                        // Until stopped: the input must flow while the fences are tried (a fenced
                        // transaction the writer sends nothing in can end unnoticed).
                        "--count",
                        "1000000",
                        "--rate",
                        "200",
                        "--seed",
                        "5",
                        "--start-time",
                        "2024-01-15T10:00:00Z",
                        "--malformed-every",
                        String.valueOf(MALFORMED_EVERY));

        // A fenced writer (as a second writer of its transactional id does to it) fails its own
        // job, which restarts from its checkpoint; the TaskManager lives.
        cluster.awaitTrue(
                "input flowing (the producer has sent 1000)",
                Duration.ofSeconds(60),
                () -> {
                    try {
                        return Files.readString(cluster.run.resolve("logs/twin-producer.out"))
                                .contains("Stats: 1000 sent");
                    } catch (IOException notYet) {
                        return false;
                    }
                });
        // A transaction the writer has sent nothing in yet may end without a word to the broker,
        // and then the fence goes unnoticed (and loses nothing): fence the next one, a few times
        // at most, the input flowing all along.
        for (int attempt = 0; attempt < 5 && restored(cluster, running) == 0; attempt++) {
            fence(
                    transactionAfter(
                            checkpointNow(running), "fraud-detection-" + ALERTS + "-results-0-"));
            long fencedAt = System.nanoTime();
            Await.until(
                    "the fenced job failing, or 15 s",
                    Duration.ofSeconds(20),
                    () ->
                            restored(cluster, running) > 0
                                    || System.nanoTime() - fencedAt > 15_000_000_000L,
                    () -> "");
        }
        cluster.awaitTrue(
                "the fenced job restarted from its checkpoint, RUNNING again",
                Duration.ofSeconds(60),
                () ->
                        cluster.get("/jobs/" + running + "/checkpoints")
                                                .path("counts")
                                                .path("restored")
                                                .asLong()
                                        > 0
                                && cluster.jobState(running).equals("RUNNING"));
        producer.toHandle().descendants().forEach(ProcessHandle::destroy);
        producer.toHandle().destroy();
        assertThat(producer.waitFor(1, TimeUnit.MINUTES)).as("the producer stopped").isTrue();
        List<ConsumerRecord<String, String>> input =
                KafkaTopics.readCommitted(
                        cluster.kafka, INPUT, read -> false, Duration.ofSeconds(5), Duration.ZERO);
        assertThat(input.size()).as("input records").isGreaterThan(1000);
        checkpointNow(running); // commits what the job wrote after the input ended
        assertThat(cluster.jobState(running)).isEqualTo("RUNNING");
        assertThat(taskManager.isAlive()).as("the TaskManager process lives").isTrue();
        cluster.assertFraudAlertsExactlyOnce(LocalCluster.fraudAmong(input, false), ALERTS);
    }
}
