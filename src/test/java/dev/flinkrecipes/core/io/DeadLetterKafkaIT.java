package dev.flinkrecipes.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.serde.DeadLetter;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaBroker;
import dev.flinkrecipes.testing.KafkaTopics;
import dev.flinkrecipes.testing.UniqueRows;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dead-letter path never fails, on a real broker: a message of 1 MiB (as large as the broker
 * takes), one of a million control characters (6 MB once escaped in JSON) and hundreds of random
 * byte strings (mostly not UTF-8), among good messages. With no restarts allowed, the job must
 * finish cleanly; a {@code read_committed} consumer must see each bad message exactly once in the
 * DLQ, its bytes recoverable exactly (or, when cut, its first bytes with the whole one's length and
 * SHA-256), and every good message's result exactly once. Before, the 1 MiB message made a dead
 * letter the DLQ producer refused (RecordTooLargeException): a restart onto the same record,
 * forever; and invalid UTF-8 reached the DLQ as U+FFFD, the bytes lost.
 */
class DeadLetterKafkaIT {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    /**
     * As large as the broker's default limit (1 MiB + 12 bytes for the whole batch) lets a message
     * be.
     */
    static final int LARGEST_MESSAGE = 1_048_450;

    @RegisterExtension
    static final KafkaBroker kafka =
            new KafkaBroker().topics(1, "weird", "weird.dlq", "weird-echo");

    @Test
    void everyBadMessageOnceInTheDlqRecoverableAndTheJobNeverFails() throws Exception {
        Random random = new Random(42);
        List<byte[]> bad = new ArrayList<>();
        byte[] large = new byte[LARGEST_MESSAGE];
        Arrays.fill(large, (byte) 'x');
        bad.add(large);
        byte[] control = new byte[1_000_000];
        Arrays.fill(control, (byte) 0x01);
        bad.add(control);
        for (int i = 0; i < 600; i++) {
            byte[] b = new byte[1 + random.nextInt(i < 500 ? 200 : 100_000)];
            random.nextBytes(b);
            b[0] = (byte) ('a' + random.nextInt(26)); // never a '{': not JSON by chance
            bad.add(b);
        }

        Map<Long, byte[]> badAt = new HashMap<>();
        List<String> good = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                                ProducerConfig.ACKS_CONFIG, "all",
                                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                                        String.valueOf(2 * 1024 * 1024),
                                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                                        ByteArraySerializer.class.getName(),
                                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                                        ByteArraySerializer.class.getName()))) {
            Map<Future<RecordMetadata>, byte[]> sent = new HashMap<>();
            for (int i = 0; i < bad.size(); i++) {
                String message = "{\"key\":\"k" + i + "\",\"value\":\"v" + i + "\"}";
                good.add("k" + i + "=v" + i);
                producer.send(
                        new ProducerRecord<>("weird", message.getBytes(StandardCharsets.UTF_8)));
                sent.put(producer.send(new ProducerRecord<>("weird", bad.get(i))), bad.get(i));
            }
            producer.flush();
            for (Map.Entry<Future<RecordMetadata>, byte[]> e : sent.entrySet()) {
                badAt.put(e.getKey().get().offset(), e.getValue());
            }
        }

        // No restart allowed: any exception out of an operator or a sink fails the job, and the
        // run.
        assertThat(
                        Main.run(
                                "kafka-echo",
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--bounded",
                                "--input-topic",
                                "weird",
                                "--output-topic",
                                "weird-echo",
                                "--sink",
                                "kafka",
                                "--parallelism",
                                "1",
                                "--checkpoint-interval",
                                "500ms",
                                "--conf",
                                "restart-strategy.type=none"))
                .as("the job finished without a failure")
                .isZero();

        List<ConsumerRecord<String, String>> echoed =
                KafkaTopics.readCommitted(
                        kafka.bootstrapServers(),
                        "weird-echo",
                        read -> read.size() >= good.size(),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(1));
        assertThat(echoed)
                .extracting(
                        r -> {
                            JsonNode m = JsonlFiles.parse(r.value());
                            return m.get("key").asText() + "=" + m.get("value").asText();
                        })
                .as("every good message's result, once")
                .containsExactlyInAnyOrderElementsOf(good);

        List<ConsumerRecord<String, String>> dlq =
                KafkaTopics.readCommitted(
                        kafka.bootstrapServers(),
                        "weird.dlq",
                        read -> read.size() >= bad.size(),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(1));
        UniqueRows.assertExactlyOnce(
                dlq,
                r -> JsonlFiles.parse(r.value()).get("offset").asLong(),
                badAt.keySet(),
                "bad messages");

        int exact = 0, base64 = 0, truncated = 0;
        for (ConsumerRecord<String, String> r : dlq) {
            assertThat(r.serializedValueSize()).isLessThanOrEqualTo(DeadLetter.MAX_JSON_BYTES);
            JsonNode d = JsonlFiles.parse(r.value());
            byte[] original = badAt.get(d.get("offset").asLong());
            assertThat(d.get("topic").asText()).isEqualTo("weird");
            assertThat(d.get("partition").asInt()).isZero();
            assertThat(d.get("job").asText()).isEqualTo("kafka-echo");
            assertThat(d.get("reason").asText()).isNotBlank();
            assertThat(d.get("raw_length").asLong()).isEqualTo(original.length);
            assertThat(d.get("raw_sha256").asText()).isEqualTo(sha256(original));
            byte[] kept =
                    d.has("raw_base64")
                            ? Base64.getDecoder().decode(d.get("raw_base64").asText())
                            : d.get("raw").asText().getBytes(StandardCharsets.UTF_8);
            if (d.has("raw_base64")) base64++;
            if (d.get("truncated").asBoolean()) {
                truncated++;
                assertThat(kept.length).isLessThan(original.length);
                assertThat(Arrays.copyOf(original, kept.length))
                        .as("the first bytes")
                        .isEqualTo(kept);
            } else {
                exact++;
                assertThat(kept).as("the exact bytes").isEqualTo(original);
            }
        }
        System.out.printf(
                "dead letters: %d whole, %d cut; %d not UTF-8 (raw_base64)%n",
                exact, truncated, base64);
        assertThat(base64).as("random bytes are mostly not UTF-8").isGreaterThan(bad.size() / 2);
        assertThat(truncated)
                .as("the 1 MiB, the control characters and the long random ones")
                .isGreaterThanOrEqualTo(2);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
