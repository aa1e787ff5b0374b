package dev.flinkrecipes.bench;

import dev.flinkrecipes.demo.EmbeddedKafka;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The bench files pre-loaded into 2-partition topics of an in-JVM Kafka broker: file {@code part-i}
 * into partition {@code i}, so event time ascends within each partition as it does within each
 * file.
 */
final class KafkaInputs {
    private KafkaInputs() {}

    /**
     * Creates {@code topic} with one partition per file in {@code dir} and writes each file to its
     * partition.
     */
    static void load(EmbeddedKafka kafka, String topic, Path dir) throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files =
                    list.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                            .sorted()
                            .toList();
        }
        kafka.createTopics(files.size(), topic);
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        512 * 1024,
                        ProducerConfig.ACKS_CONFIG,
                        "1");
        long sent = 0;
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int partition = 0; partition < files.size(); partition++) {
                try (BufferedReader in = Files.newBufferedReader(files.get(partition))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        producer.send(new ProducerRecord<>(topic, partition, null, line));
                        sent++;
                    }
                }
            }
            producer.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot pre-load " + topic, e);
        }
        System.out.printf(
                "pre-loaded %,d records into %s (%d partitions)%n", sent, topic, files.size());
    }
}
