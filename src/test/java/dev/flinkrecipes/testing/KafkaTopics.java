package dev.flinkrecipes.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients for tests: write input, read output as a {@code read_committed} consumer
 * would.
 */
public final class KafkaTopics {
    private KafkaTopics() {}

    public static KafkaProducer<String, String> producer(String bootstrap) {
        return producer(bootstrap, Map.of());
    }

    /** With client settings of a secured broker ({@code security.protocol}, ...). */
    public static KafkaProducer<String, String> producer(
            String bootstrap, Map<String, String> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(config);
    }

    public static void send(
            KafkaProducer<String, String> producer, String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    /** A consumer of strings in {@code group}, with {@code settings} on top. */
    private static KafkaConsumer<String, String> consumer(
            String bootstrap, String group, Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }

    /** Commits {@code offsets} for consumer group {@code group}, as a job's checkpoint would. */
    public static void commit(String bootstrap, String group, Map<TopicPartition, Long> offsets) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, group, Map.of())) {
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            offsets.forEach(
                    (partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
            consumer.commitSync(commits);
        }
    }

    /**
     * Reads {@code topic} from the beginning with {@code isolation.level=read_committed} until
     * {@code done} holds for what was read (or the timeout), then reads for {@code settle} more so
     * that a duplicate arriving late is seen too.
     */
    public static List<ConsumerRecord<String, String>> readCommitted(
            String bootstrap,
            String topic,
            Predicate<List<ConsumerRecord<String, String>>> done,
            Duration timeout,
            Duration settle) {
        return readCommitted(bootstrap, Map.of(), topic, done, timeout, settle);
    }

    /** The same with client settings of a secured broker. */
    public static List<ConsumerRecord<String, String>> readCommitted(
            String bootstrap,
            Map<String, String> client,
            String topic,
            Predicate<List<ConsumerRecord<String, String>>> done,
            Duration timeout,
            Duration settle) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        Map<String, Object> settings = new HashMap<>(client);
        settings.putAll(
                Map.of(
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"));
        try (KafkaConsumer<String, String> consumer =
                consumer(bootstrap, "test-reader-" + UUID.randomUUID(), settings)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (settleUntil == Long.MAX_VALUE && done.test(records)) {
                    settleUntil = System.nanoTime() + settle.toNanos();
                }
            }
        }
        return records;
    }
}
