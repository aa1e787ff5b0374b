package dev.flinkrecipes.tools;

import dev.flinkrecipes.core.options.KafkaClientOptions;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The document's monitor_consumer_lag: per partition, the latest offset minus the group's committed
 * offset, and the total. A Flink job's Kafka source commits its offsets on checkpoints, so this
 * shows how far the job's last checkpoint is behind the topic (the job's live lag is its
 * pendingRecords metric). A partition without a committed offset (a job that never completed a
 * checkpoint: crash-looping, or not started) lags by all it holds, latest minus earliest offset,
 * and always alerts when it holds anything.
 */
@Command(
        name = "consumer-lag",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Lag of a consumer group on a topic, per partition and in total (client tool).",
        description = {
            "Prints per-partition and total lag of a consumer group on a topic (latest - committed"
                    + " offset;",
            "latest - earliest where the group has committed nothing).",
            "Exit code 3 when the total is above --alert-above, or a partition with records has no"
                    + " committed offset.",
            "Not a Flink job: it runs in the client JVM."
        })
public final class ConsumerLag implements Callable<Integer> {
    /** {@code --bootstrap-servers}, {@code --kafka-property} and {@code --kafka-properties}. */
    @Mixin KafkaClientOptions kafka = new KafkaClientOptions();

    @Option(
            names = "--group",
            required = true,
            description = "Consumer group, e.g. a job's --group-id (default: the job name).")
    String group;

    @Option(names = "--topic", required = true, description = "Topic.")
    String topic;

    @Option(
            names = "--alert-above",
            description =
                    "Warn (and exit 3) when the total lag is above this. Default:"
                            + " ${DEFAULT-VALUE}.")
    long alertAbove = 10_000;

    /**
     * Lag of one partition; {@code committed} is null when the group has no offset there: then
     * every record still in the partition (from {@code earliest}, its log start offset) is behind.
     */
    public record PartitionLag(int partition, long earliest, long latest, Long committed) {
        public long lag() {
            return latest - (committed == null ? earliest : committed);
        }

        /** Records the group has never committed past: a job that does not get to checkpoint. */
        public boolean uncommitted() {
            return committed == null && lag() > 0;
        }
    }

    @Override
    public Integer call() throws Exception {
        List<PartitionLag> lags = measure(kafka.bootstrapServers, kafka, group, topic);
        long total = print(lags, System.out);
        List<Integer> uncommitted =
                lags.stream()
                        .filter(PartitionLag::uncommitted)
                        .map(PartitionLag::partition)
                        .toList();
        boolean alert = false;
        if (!uncommitted.isEmpty()) {
            System.out.println(
                    "WARNING: group "
                            + group
                            + " has committed no offset on partition(s) "
                            + uncommitted
                            + " that hold records (a job that never completes a checkpoint:"
                            + " crash-looping, or not running)");
            alert = true;
        }
        if (total > alertAbove) {
            System.out.println("WARNING: high lag (" + total + " > " + alertAbove + ")");
            alert = true;
        }
        return alert ? 3 : 0;
    }

    public static List<PartitionLag> measure(String bootstrapServers, String group, String topic)
            throws Exception {
        return measure(bootstrapServers, new KafkaClientOptions(), group, topic);
    }

    /** The same with the user's Kafka client settings (a secured broker). */
    public static List<PartitionLag> measure(
            String bootstrapServers, KafkaClientOptions client, String group, String topic)
            throws Exception {
        try (Admin admin =
                Admin.create(
                        client.with(
                                Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        bootstrapServers)))) {
            List<TopicPartition> partitions =
                    admin
                            .describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions()
                            .stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> earliest =
                    offsets(admin, partitions, OffsetSpec.earliest());
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest =
                    offsets(admin, partitions, OffsetSpec.latest());
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<Integer, PartitionLag> byPartition = new TreeMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                byPartition.put(
                        tp.partition(),
                        new PartitionLag(
                                tp.partition(),
                                earliest.get(tp).offset(),
                                latest.get(tp).offset(),
                                c == null ? null : c.offset()));
            }
            return List.copyOf(byPartition.values());
        }
    }

    private static Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(
            Admin admin, List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        return admin.listOffsets(
                        partitions.stream()
                                .collect(Collectors.toMap(Function.identity(), p -> spec)))
                .all()
                .get();
    }

    static long print(List<PartitionLag> lags, PrintStream out) {
        long total = 0;
        for (PartitionLag l : lags) {
            if (l.committed() == null) {
                out.printf(
                        "Partition %d: lag = %d, no committed offset: all of it (latest %d,"
                                + " earliest %d)%n",
                        l.partition(), l.lag(), l.latest(), l.earliest());
            } else {
                out.printf(
                        "Partition %d: lag = %d (latest %d, committed %d)%n",
                        l.partition(), l.lag(), l.latest(), l.committed());
            }
            total += l.lag();
        }
        out.println("Total lag: " + total);
        return total;
    }
}
