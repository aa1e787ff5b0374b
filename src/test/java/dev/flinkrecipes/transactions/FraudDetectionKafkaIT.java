package dev.flinkrecipes.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.core.ops.FailureInjector;
import dev.flinkrecipes.testing.Checkpoints;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaBroker;
import dev.flinkrecipes.testing.KafkaTopics;
import dev.flinkrecipes.testing.RunningJob;
import dev.flinkrecipes.testing.TestTransactions;
import dev.flinkrecipes.testing.TestTransactions.Txn;
import dev.flinkrecipes.testing.UniqueRows;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The flagship end to end on a real Kafka broker: fraud-detection reads {@code transactions} and
 * writes {@code fraud_alerts} transactionally. A failure is injected mid-stream; the job restarts
 * from its last checkpoint and replays. A {@code read_committed} consumer must then see every
 * expected alert exactly once, and every malformed message exactly once in {@code
 * transactions.dlq}.
 */
class FraudDetectionKafkaIT {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @RegisterExtension
    static final KafkaBroker kafka =
            new KafkaBroker()
                    .topics(2, "transactions", "fraud_alerts")
                    .topics(1, "transactions.dlq");

    @Test
    void alertsExactlyOnceAcrossAFailureAndRestart(@InjectClusterClient ClusterClient<?> client)
            throws Exception {
        List<Txn> input =
                TestTransactions.random(
                        11, 3000, Instant.parse("2024-01-15T10:00:00Z").toEpochMilli(), 1000, 0);
        Map<String, Txn> expected = new HashMap<>();
        for (Txn t : input) {
            if (t.cents() > 300_000 || (t.category().equals("Electronics") && t.cents() > 100_000))
                expected.put(t.id(), t);
        }
        List<String> malformed =
                List.of("{\"user_id\":\"user_1\",\"amount\":\"NaN\"}", "garbage", "{\"amount\":5}");
        int failuresBefore = FailureInjector.FAILURES.get();

        try (RunningJob job =
                RunningJob.start(
                        client,
                        "fraud-detection",
                        "--source",
                        "kafka",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--sink",
                        "kafka",
                        "--parallelism",
                        "2",
                        "--checkpoint-interval",
                        "1s",
                        "--inject-failure-after",
                        "300")) {
            try (KafkaProducer<String, String> producer =
                    KafkaTopics.producer(kafka.bootstrapServers())) {
                for (int i = 0; i < input.size(); i++) {
                    Txn t = input.get(i);
                    KafkaTopics.send(producer, "transactions", t.user(), t.json());
                    if (i % 1000 == 500)
                        KafkaTopics.send(
                                producer, "transactions", "user_1", malformed.get(i / 1000));
                    if (i % 1000 == 999) {
                        // Spreads the input over several checkpoints, so the failure falls between
                        // two.
                        producer.flush();
                        Checkpoints.awaitMore(client, job.id(), 1);
                    }
                }
            }

            job.assertRunning();
            List<ConsumerRecord<String, String>> alerts =
                    KafkaTopics.readCommitted(
                            kafka.bootstrapServers(),
                            "fraud_alerts",
                            read -> read.size() >= expected.size(),
                            Duration.ofSeconds(120),
                            Duration.ofSeconds(4));
            List<ConsumerRecord<String, String>> deadLetters =
                    KafkaTopics.readCommitted(
                            kafka.bootstrapServers(),
                            "transactions.dlq",
                            read -> read.size() >= malformed.size(),
                            Duration.ofSeconds(30),
                            Duration.ofSeconds(1));

            assertThat(FailureInjector.FAILURES.get() - failuresBefore)
                    .as("injected failures")
                    .isPositive();
            job.assertRunning();

            UniqueRows.assertExactlyOnce(
                    alerts,
                    r -> JsonlFiles.parse(r.value()).get("transaction_id").asText(),
                    expected.keySet(),
                    "alerts");
            for (ConsumerRecord<String, String> r : alerts) {
                JsonNode alert = JsonlFiles.parse(r.value());
                Txn t = expected.get(alert.get("transaction_id").asText());
                assertThat(r.key()).as("Kafka key is user_id").isEqualTo(t.user());
                assertThat(alert.get("risk_score").asInt())
                        .isEqualTo(t.cents() > 300_000 ? 100 : 75);
            }

            assertThat(deadLetters)
                    .extracting(r -> JsonlFiles.parse(r.value()).get("raw").asText())
                    .containsExactlyInAnyOrderElementsOf(malformed);
            assertThat(deadLetters)
                    .allSatisfy(
                            r -> {
                                JsonNode d = JsonlFiles.parse(r.value());
                                assertThat(d.get("topic").asText()).isEqualTo("transactions");
                                assertThat(d.get("reason").asText()).isNotBlank();
                                assertThat(d.get("job").asText()).isEqualTo("fraud-detection");
                            });
        }
    }
}
