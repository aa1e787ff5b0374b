package dev.flinkrecipes.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.core.ops.FailureInjector;
import dev.flinkrecipes.testing.Checkpoints;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaBroker;
import dev.flinkrecipes.testing.KafkaTopics;
import dev.flinkrecipes.testing.RunningJob;
import dev.flinkrecipes.testing.TestCommerceEvents;
import dev.flinkrecipes.testing.TestCommerceEvents.Ev;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * user-totals on a real Kafka broker, into a compacted topic, through an injected failure and a
 * restart from the last checkpoint. A read_committed consumer must see, per user, exactly one
 * upsert per event (total_events 1, 2, 3 ... n: nothing replayed twice, nothing skipped), ending at
 * the user's totals.
 */
class UserTotalsKafkaIT {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @RegisterExtension
    static final KafkaBroker kafka =
            new KafkaBroker()
                    .topics(2, "ecommerce_events")
                    .topic("user_totals", 2, Map.of("cleanup.policy", "compact"))
                    .topics(1, "ecommerce_events.dlq");

    @Test
    void upsertsSurviveARestartFromCheckpointExactlyOnce(
            @InjectClusterClient ClusterClient<?> client) throws Exception {
        List<Ev> events =
                TestCommerceEvents.random(
                        8, 3000, Instant.parse("2024-01-15T10:00:00Z").toEpochMilli(), 1000, 0, 50);
        int failuresBefore = FailureInjector.FAILURES.get();
        try (RunningJob job =
                RunningJob.start(
                        client,
                        "user-totals",
                        "--source",
                        "kafka",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--parallelism",
                        "2",
                        "--checkpoint-interval",
                        "1s",
                        "--inject-failure-after",
                        "300")) {
            try (KafkaProducer<String, String> producer =
                    KafkaTopics.producer(kafka.bootstrapServers())) {
                for (int i = 0; i < events.size(); i++) {
                    KafkaTopics.send(
                            producer,
                            "ecommerce_events",
                            events.get(i).user(),
                            events.get(i).json());
                    if (i % 1000 == 999) {
                        // Spreads the input over several checkpoints, so the failure falls between
                        // two.
                        producer.flush();
                        Checkpoints.awaitMore(client, job.id(), 1);
                    }
                }
            }

            List<ConsumerRecord<String, String>> upserts =
                    KafkaTopics.readCommitted(
                            kafka.bootstrapServers(),
                            "user_totals",
                            read -> read.size() >= events.size(),
                            Duration.ofSeconds(120),
                            Duration.ofSeconds(4));
            assertThat(FailureInjector.FAILURES.get() - failuresBefore)
                    .as("injected failures")
                    .isPositive();

            Map<String, List<Long>> sequences = new HashMap<>();
            Map<String, JsonNode> last = new HashMap<>();
            for (ConsumerRecord<String, String> r : upserts) {
                JsonNode u = JsonlFiles.parse(r.value());
                assertThat(r.key()).isEqualTo(u.get("user_id").asText());
                sequences
                        .computeIfAbsent(r.key(), k -> new ArrayList<>())
                        .add(u.get("total_events").asLong());
                last.put(r.key(), u);
            }
            Map<String, List<Ev>> byUser = events.stream().collect(Collectors.groupingBy(Ev::user));
            assertThat(sequences.keySet()).containsExactlyInAnyOrderElementsOf(byUser.keySet());
            byUser.forEach(
                    (user, evs) -> {
                        List<Long> oneToN = new ArrayList<>();
                        for (long n = 1; n <= evs.size(); n++) oneToN.add(n);
                        assertThat(sequences.get(user))
                                .as("upserts of %s", user)
                                .containsExactlyElementsOf(oneToN);
                        JsonNode totals = last.get(user);
                        assertThat(totals.get("purchases").asLong())
                                .isEqualTo(evs.stream().filter(Ev::purchase).count());
                        assertThat(totals.get("total_spent").decimalValue())
                                .isEqualByComparingTo(
                                        BigDecimal.valueOf(
                                                evs.stream()
                                                        .filter(Ev::purchase)
                                                        .mapToLong(Ev::revenueCents)
                                                        .sum(),
                                                2));
                    });
        }
    }
}
