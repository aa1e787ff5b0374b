package dev.flinkrecipes.core.io;

import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One output of a job, whichever sink {@code --sink} writes it to: its channel (results, dead
 * letters or late events), the Kafka topic and record key where that sink is Kafka, and the type of
 * its records (the columns of a CSV or Parquet file).
 *
 * @param suffix tells it apart from another output of the same channel (a second input's dead
 *     letters): in the uid, the transactional id and the folder
 * @param key the Kafka record key of a row; null for none
 * @param console with {@code --sink print}: what a batch of the results is and how its rows are
 *     ordered
 */
public record JobOutput<T>(
        Channel channel,
        String suffix,
        String topic,
        Sinks.KeyFn<T> key,
        TypeInformation<T> type,
        ConsoleBatches console) {

    /** An output whose batches on the console are its checkpoints. */
    public JobOutput(
            Channel channel,
            String suffix,
            String topic,
            Sinks.KeyFn<T> key,
            TypeInformation<T> type) {
        this(channel, suffix, topic, key, type, ConsoleBatches.perCheckpoint());
    }

    /** The output's name: {@code results}, {@code dlq}, {@code late-updates}... */
    public String name() {
        return channel + suffix;
    }

    /**
     * The uid of the sink's operator: savepoints keep a sink's state (its Kafka transactions, its
     * pending files) under it.
     */
    public String uid() {
        return "sink-" + name();
    }
}
