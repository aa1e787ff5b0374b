package dev.flinkrecipes.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaBroker;
import dev.flinkrecipes.testing.KafkaTopics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** kafka-echo and consumer-lag against a real broker. */
class KafkaEchoAndLagIT {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @RegisterExtension
    static final KafkaBroker kafka =
            new KafkaBroker().topics(1, "test-topic", "test-topic.dlq").topics(3, "lagged");

    @TempDir Path dir;

    @Test
    void echoParsesEveryMessageAndDeadLettersTheRest() throws Exception {
        List<String> expected = new ArrayList<>();
        try (KafkaProducer<String, String> p = KafkaTopics.producer(kafka.bootstrapServers())) {
            for (int i = 0; i < 50; i++) {
                KafkaTopics.send(
                        p,
                        "test-topic",
                        null,
                        "{\"key\": \"sensor"
                                + i % 5
                                + "\", \"value\": \"temperature:"
                                + (20 + i)
                                + "\"}");
                expected.add("sensor" + i % 5 + "=temperature:" + (20 + i));
            }
            KafkaTopics.send(p, "test-topic", null, "{\"key\": \"sensor1\"}");
            KafkaTopics.send(p, "test-topic", null, "{\"key\": \"sensor1\", \"value\": 25}");
            expected.add("sensor1=25");
        }
        Path out = dir.resolve("out");
        assertThat(
                        Main.run(
                                "kafka-echo",
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--bounded",
                                "--sink",
                                "file",
                                "--output",
                                out.toString(),
                                "--checkpoint-interval",
                                "300ms"))
                .isZero();
        List<JsonNode> echoed = JsonlFiles.readCommitted(out.resolve("results"));
        assertThat(echoed)
                .extracting(m -> m.get("key").asText() + "=" + m.get("value").asText())
                .containsExactlyElementsOf(expected);
        assertThat(JsonlFiles.readCommitted(out.resolve("dlq")))
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.get("reason").asText()).isEqualTo("missing field value");
                            assertThat(d.get("offset").asLong()).isEqualTo(50);
                        });
    }

    @Test
    void lagIsLatestMinusCommittedPerPartition() throws Exception {
        try (KafkaProducer<String, String> p = KafkaTopics.producer(kafka.bootstrapServers())) {
            for (int i = 0; i < 90; i++) {
                p.send(
                        new org.apache.kafka.clients.producer.ProducerRecord<>(
                                "lagged", i % 3, null, "m" + i));
            }
        }
        KafkaTopics.commit(
                kafka.bootstrapServers(),
                "analytics-group",
                Map.of(new TopicPartition("lagged", 0), 30L, new TopicPartition("lagged", 1), 12L));
        List<ConsumerLag.PartitionLag> lags =
                ConsumerLag.measure(kafka.bootstrapServers(), "analytics-group", "lagged");
        assertThat(lags)
                .containsExactly(
                        new ConsumerLag.PartitionLag(0, 0, 30, 30L),
                        new ConsumerLag.PartitionLag(1, 0, 30, 12L),
                        new ConsumerLag.PartitionLag(2, 0, 30, null));
        assertThat(lags)
                .extracting(ConsumerLag.PartitionLag::lag)
                .as("no committed offset: all 30 behind")
                .containsExactly(0L, 18L, 30L);
        assertThat(ConsumerLagIT.consumerLag(kafka.bootstrapServers(), "analytics-group", "lagged"))
                .as("partition 2 holds records and has no committed offset")
                .isEqualTo(3);
        assertThat(
                        ConsumerLagIT.consumerLag(
                                kafka.bootstrapServers(),
                                "analytics-group",
                                "lagged",
                                "--alert-above",
                                "10"))
                .as("total 48 is above 10")
                .isEqualTo(3);
    }
}
