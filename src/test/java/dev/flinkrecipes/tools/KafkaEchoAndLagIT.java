package dev.flinkrecipes.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.demo.EmbeddedKafka;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaTopics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** kafka-echo and consumer-lag against a real broker. */
class KafkaEchoAndLagIT {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    static EmbeddedKafka kafka;

    @TempDir Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(1, "test-topic", "test-topic.dlq");
        kafka.createTopics(3, "lagged");
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) kafka.close();
    }

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
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                                ConsumerConfig.GROUP_ID_CONFIG, "analytics-group",
                                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                                        StringDeserializer.class.getName(),
                                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                                        StringDeserializer.class.getName()))) {
            c.commitSync(
                    Map.of(
                            new TopicPartition("lagged", 0),
                            new OffsetAndMetadata(30),
                            new TopicPartition("lagged", 1),
                            new OffsetAndMetadata(12)));
        }
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
        assertThat(
                        Main.run(
                                "consumer-lag",
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--group",
                                "analytics-group",
                                "--topic",
                                "lagged"))
                .as("partition 2 holds records and has no committed offset")
                .isEqualTo(3);
        assertThat(
                        Main.run(
                                "consumer-lag",
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--group",
                                "analytics-group",
                                "--topic",
                                "lagged",
                                "--alert-above",
                                "10"))
                .as("total 48 is above 10")
                .isEqualTo(3);
    }
}
