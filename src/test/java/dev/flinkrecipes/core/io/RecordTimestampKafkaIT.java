package dev.flinkrecipes.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.Main;
import dev.flinkrecipes.demo.EmbeddedKafka;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaTopics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backfill of events 30 days old, written by transaction-analytics to Kafka on a real broker
 * whose retention check runs every half second. Stamped with the write time (the default), its
 * window results stay in a topic with a retention of one day; stamped with the event time, they
 * carry the window ends, and the broker deletes them at its next retention check.
 */
class RecordTimestampKafkaIT {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    static final Map<String, String> ONE_DAY =
            Map.of("retention.ms", String.valueOf(Duration.ofDays(1).toMillis()));
    static final Instant BACKFILL_START =
            Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        // The broker's first retention check comes 30 s after its start by default
        // (log.initial.task.delay.ms, a setting for tests): at once here, then every half second.
        kafka =
                EmbeddedKafka.start(
                        Map.of(
                                "log.retention.check.interval.ms",
                                "500",
                                "log.initial.task.delay.ms",
                                "0"));
        kafka.createTopic("stamped-on-write", 1, ONE_DAY);
        kafka.createTopic("stamped-with-event-time", 1, ONE_DAY);
        kafka.createTopic("stamped-with-event-time-kept", 1, Map.of("retention.ms", "-1"));
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) kafka.close();
    }

    @Test
    void backfillResultsAreStampedWithTheWriteTimeAndOutliveRetention() throws Exception {
        long before = System.currentTimeMillis();
        assertThat(backfill("stamped-on-write")).isZero();
        long after = System.currentTimeMillis();
        assertThat(backfill("stamped-with-event-time", "--record-timestamp", "event")).isZero();

        // Written after the other topic, so the retention check that empties it has seen this one
        // too.
        awaitDeleted("stamped-with-event-time");
        assertThat(earliestAndLatest("stamped-on-write"))
                .as("nothing deleted: [earliest, latest]")
                .satisfies(
                        offsets -> assertThat(offsets[0]).isZero(),
                        offsets -> assertThat(offsets[1]).isPositive());
        List<ConsumerRecord<String, String>> results = readAll("stamped-on-write");
        assertThat(results)
                .isNotEmpty()
                .allSatisfy(
                        r -> {
                            assertThat(r.timestamp())
                                    .as("Kafka timestamp: the write time")
                                    .isBetween(before, after);
                            assertThat(windowEnd(r))
                                    .as("the event time stays in the payload")
                                    .isBetween(
                                            BACKFILL_START,
                                            BACKFILL_START.plus(1, ChronoUnit.DAYS));
                        });
    }

    @Test
    void eventTimeStampsAreTheWindowEnds() throws Exception {
        assertThat(backfill("stamped-with-event-time-kept", "--record-timestamp", "event"))
                .isZero();
        List<ConsumerRecord<String, String>> results = readAll("stamped-with-event-time-kept");
        assertThat(results)
                .isNotEmpty()
                .allSatisfy(
                        r ->
                                assertThat(r.timestamp())
                                        .as("Kafka timestamp: the window's last millisecond")
                                        .isEqualTo(windowEnd(r).toEpochMilli() - 1));
    }

    /**
     * Ten minutes of events from 30 days ago, one a second, through transaction-analytics' 5-minute
     * windows.
     */
    private static int backfill(String outputTopic, String... more) {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "transaction-analytics",
                                "--source",
                                "generator",
                                "--start-time",
                                BACKFILL_START.toString(),
                                "--event-spacing",
                                "1s",
                                "--count",
                                "600",
                                "--rate",
                                "2000",
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--sink",
                                "kafka",
                                "--output-topic",
                                outputTopic,
                                "--checkpoint-interval",
                                "500ms",
                                "--parallelism",
                                "1"));
        args.addAll(List.of(more));
        return Main.run(args.toArray(String[]::new));
    }

    private static Instant windowEnd(ConsumerRecord<String, String> r) {
        return Instant.parse(JsonlFiles.parse(r.value()).get("window_end").asText());
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        return KafkaTopics.readCommitted(
                kafka.bootstrapServers(),
                topic,
                read -> !read.isEmpty(),
                Duration.ofSeconds(30),
                Duration.ofSeconds(1));
    }

    /** Until the broker's retention has deleted from the topic all the results it was given. */
    private static void awaitDeleted(String topic) throws Exception {
        Await.untilChecked(
                topic + " emptied by retention within 60 s",
                Duration.ofSeconds(60),
                () -> earliestAndLatest(topic)[0] > 0 && readVisible(topic).isEmpty(),
                () -> {
                    try {
                        return "offsets [earliest, latest] "
                                + java.util.Arrays.toString(earliestAndLatest(topic));
                    } catch (Exception e) {
                        return "offsets unknown: " + e;
                    }
                });
    }

    /**
     * What a read_committed consumer finds in the topic now (transaction markers, which outlive the
     * records, are not records).
     */
    private static List<ConsumerRecord<String, String>> readVisible(String topic) {
        return KafkaTopics.readCommitted(
                kafka.bootstrapServers(),
                topic,
                read -> true,
                Duration.ofSeconds(5),
                Duration.ofMillis(500));
    }

    private static long[] earliestAndLatest(String topic) throws Exception {
        TopicPartition p = new TopicPartition(topic, 0);
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            return new long[] {
                admin.listOffsets(Map.of(p, OffsetSpec.earliest())).all().get().get(p).offset(),
                admin.listOffsets(Map.of(p, OffsetSpec.latest())).all().get().get(p).offset()
            };
        }
    }
}
