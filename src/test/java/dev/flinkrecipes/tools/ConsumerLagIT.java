package dev.flinkrecipes.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.Main;
import dev.flinkrecipes.testing.KafkaBroker;
import dev.flinkrecipes.testing.KafkaTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * consumer-lag for a job that never completes a checkpoint (crash-looping): its group has no
 * committed offset, so everything still in the topic is behind, from the log start offset, and the
 * tool alerts.
 */
class ConsumerLagIT {
    @RegisterExtension static final KafkaBroker kafka = new KafkaBroker().topics(3, "events");

    @BeforeAll
    static void writeEventsAndTrimPartitionZero() throws Exception {
        try (KafkaProducer<String, String> p = KafkaTopics.producer(kafka.bootstrapServers())) {
            for (int i = 0; i < 40; i++)
                p.send(
                        new ProducerRecord<>(
                                "events", i % 2, null, "m" + i)); // partition 2 stays empty
        }
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            // As retention would: partition 0 now starts at offset 5.
            admin.deleteRecords(
                            Map.of(
                                    new TopicPartition("events", 0),
                                    RecordsToDelete.beforeOffset(5)))
                    .all()
                    .get();
        }
    }

    /** The consumer-lag command as a user types it; its exit code. */
    static int consumerLag(String bootstrap, String group, String topic, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "consumer-lag",
                                "--bootstrap-servers",
                                bootstrap,
                                "--group",
                                group,
                                "--topic",
                                topic));
        args.addAll(List.of(more));
        return Main.run(args.toArray(String[]::new));
    }

    @Test
    void groupWithoutCommittedOffsetsLagsByEverythingInTheTopicAndAlerts() throws Exception {
        List<ConsumerLag.PartitionLag> lags =
                ConsumerLag.measure(kafka.bootstrapServers(), "crash-looping-job", "events");
        assertThat(lags)
                .containsExactly(
                        new ConsumerLag.PartitionLag(0, 5, 20, null),
                        new ConsumerLag.PartitionLag(1, 0, 20, null),
                        new ConsumerLag.PartitionLag(2, 0, 0, null));
        assertThat(lags).extracting(ConsumerLag.PartitionLag::lag).containsExactly(15L, 20L, 0L);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ConsumerLag.print(lags, new PrintStream(out, true, StandardCharsets.UTF_8)))
                .isEqualTo(35);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(
                        "Partition 0: lag = 15, no committed offset: all of it (latest 20, earliest"
                                + " 5)",
                        "Partition 1: lag = 20, no committed offset",
                        "Total lag: 35");

        assertThat(
                        consumerLag(
                                kafka.bootstrapServers(),
                                "crash-looping-job",
                                "events",
                                "--alert-above",
                                "1000"))
                .as("below the threshold, but nothing committed")
                .isEqualTo(3);
    }

    @Test
    void groupThatCommittedEverythingDoesNotAlert() throws Exception {
        KafkaTopics.commit(
                kafka.bootstrapServers(),
                "caught-up-job",
                Map.of(new TopicPartition("events", 0), 20L, new TopicPartition("events", 1), 20L));
        assertThat(ConsumerLag.measure(kafka.bootstrapServers(), "caught-up-job", "events"))
                .extracting(ConsumerLag.PartitionLag::lag)
                .containsExactly(0L, 0L, 0L);
        assertThat(
                        consumerLag(
                                kafka.bootstrapServers(),
                                "caught-up-job",
                                "events",
                                "--alert-above",
                                "0"))
                .as("an empty partition without a committed offset is not behind")
                .isZero();
    }
}
