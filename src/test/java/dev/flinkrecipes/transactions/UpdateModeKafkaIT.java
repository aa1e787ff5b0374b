package dev.flinkrecipes.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.ops.FailureInjector;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaBroker;
import dev.flinkrecipes.testing.KafkaTopics;
import dev.flinkrecipes.testing.TestTransactions;
import dev.flinkrecipes.testing.TestTransactions.Txn;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-location sliding windows in Spark's update mode on a real Kafka broker, through an
 * injected failure and a restart from the last checkpoint: a read_committed consumer sees, per
 * Kafka key (location|window_start), early rows whose counts only grow, then exactly one final row,
 * the last of that key, with the window's exact values computed here from the input; no window is
 * missing and none has a row after its final one.
 */
class UpdateModeKafkaIT {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @RegisterExtension
    static final KafkaBroker kafka =
            new KafkaBroker()
                    .topics(2, "transactions", "transaction_analytics")
                    .topics(1, "transactions.dlq", "transaction_analytics.late");

    /** Expected final values of one window. */
    private static final class Expected {
        long count;
        long cents;
        long maxCents;
    }

    @Test
    void earlyRowsThenOneExactFinalRowPerWindowAcrossARestart() throws Exception {
        long start = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();
        List<Txn> txns =
                TestTransactions.random(
                        11, 3000, start, 1000, 60_000); // 50 min, within the watermark delay
        try (KafkaProducer<String, String> producer =
                KafkaTopics.producer(kafka.bootstrapServers())) {
            for (Txn t : txns) KafkaTopics.send(producer, "transactions", t.user(), t.json());
        }
        Map<String, Expected> expected = new TreeMap<>();
        for (Txn t : txns) {
            long lastStart = t.ts() - Math.floorMod(t.ts(), 60_000L);
            for (long s = lastStart - 4 * 60_000L; s <= lastStart; s += 60_000L) {
                Expected e =
                        expected.computeIfAbsent(
                                t.location() + "|" + Instant.ofEpochMilli(s), k -> new Expected());
                e.count++;
                e.cents += t.cents();
                e.maxCents = Math.max(e.maxCents, t.cents());
            }
        }

        int failuresBefore = FailureInjector.FAILURES.get();
        // Paced so that the 1 s trigger fires many times during the run; bounded, so it ends with
        // every final row.
        assertThat(
                        Main.run(
                                "transaction-analytics",
                                "--source",
                                "kafka",
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--bounded",
                                "--max-rate",
                                "600",
                                "--output-mode",
                                "update",
                                "--trigger",
                                "1s",
                                "--parallelism",
                                "2",
                                "--checkpoint-interval",
                                "1s",
                                "--inject-failure-after",
                                "700"))
                .isZero();
        assertThat(FailureInjector.FAILURES.get() - failuresBefore)
                .as("injected failures")
                .isPositive();

        List<ConsumerRecord<String, String>> rows =
                KafkaTopics.readCommitted(
                        kafka.bootstrapServers(),
                        "transaction_analytics",
                        read ->
                                read.stream()
                                                .filter(r -> r.value().contains("\"final\":true"))
                                                .count()
                                        >= expected.size(),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(2));
        Map<String, List<JsonNode>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : rows) {
            JsonNode row = JsonlFiles.parse(r.value());
            assertThat(r.key())
                    .isEqualTo(
                            row.get("location").asText() + "|" + row.get("window_start").asText());
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(row);
        }
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        long early = 0;
        for (Map.Entry<String, List<JsonNode>> e : byKey.entrySet()) {
            List<JsonNode> window = e.getValue();
            JsonNode last = window.get(window.size() - 1);
            assertThat(window.stream().filter(r -> r.get("final").asBoolean()))
                    .as("final rows of %s", e.getKey())
                    .containsExactly(last);
            long previous = 0;
            for (JsonNode r : window) {
                assertThat(r.get("transaction_count").asLong())
                        .as("counts of %s in order", e.getKey())
                        .isGreaterThanOrEqualTo(previous);
                previous = r.get("transaction_count").asLong();
            }
            early += window.size() - 1;
            Expected x = expected.get(e.getKey());
            assertThat(last.get("transaction_count").asLong()).as(e.getKey()).isEqualTo(x.count);
            assertThat(last.get("total_amount").decimalValue())
                    .as(e.getKey())
                    .isEqualByComparingTo(BigDecimal.valueOf(x.cents, 2));
            assertThat(last.get("max_amount").decimalValue())
                    .as(e.getKey())
                    .isEqualByComparingTo(BigDecimal.valueOf(x.maxCents, 2));
        }
        assertThat(early)
                .as("early rows written before the windows closed")
                .isGreaterThan(expected.size());
    }
}
