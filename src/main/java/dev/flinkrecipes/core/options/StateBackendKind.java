package dev.flinkrecipes.core.options;

import static dev.flinkrecipes.core.JobDefaults.setWhereUnset;

import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;

/**
 * Where keyed state and timers live ({@code --state-backend}). Set in the job's own configuration,
 * it wins over the cluster's {@code state.backend.type} and over any value the client's config.yaml
 * sends along with the job. Without the option the cluster decides ({@code bin/cluster-start
 * --rocksdb}); a local run ({@code bin/run}) keeps state on the heap.
 */
public enum StateBackendKind {
    /** On the JVM heap: fastest, bounded by memory, full snapshots on every checkpoint. */
    hashmap,
    /**
     * In embedded RocksDB on the TaskManager's local disk: state larger than the heap, incremental
     * checkpoints (only the files new since the last checkpoint are uploaded).
     */
    rocksdb;

    /** Sets the backend, and for RocksDB incremental checkpoints, in a job's configuration. */
    public void applyTo(Configuration conf) {
        conf.set(StateBackendOptions.STATE_BACKEND, name());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, this == rocksdb);
    }

    /**
     * If the job runs on RocksDB ({@code --state-backend rocksdb}, or without it a cluster of
     * {@code state.backend.type: rocksdb}), adds to {@code job} the settings below, each only where
     * {@code started} (the configuration the job was started with: its {@code --conf} and {@code
     * --state-backend}, and on a cluster the cluster's) names none, so that the job's {@code
     * --conf} wins, then the operator's cluster settings (the rule of {@code JobDefaults}, which
     * calls this).
     *
     * <p>Measured on {@code user-totals} at 50 M new users (docs/state-and-savepoints.md, "State at
     * scale"): every event is a key not seen before. The bloom filter answers those misses from
     * memory (35 k -> 61 k events/s; Spark's RocksDB store has one too). Then RocksDB's levelled
     * compaction, rewriting each key level after level, held the two cores: universal compaction
     * rewrites far less (61 k -> 122 k with Snappy), and LZ4 compresses what it rewrites faster
     * than Snappy, to the same size (145 k). Without compression it ran at 165 k, but with 2.3
     * times the disk and checkpoint bytes: {@code
     * state.backend.rocksdb.compression.per.level=NO_COMPRESSION} chooses that. Then half the
     * per-user operator's time went to searching the memtables for those new keys: a whole-key
     * bloom filter in each memtable ({@link MemtableBloomFilter}, set as the options factory unless
     * one is named) answers most of them without the search.
     */
    public static void tuneWhereUnset(ReadableConfig started, Configuration job) {
        if (!rocksdb.name().equalsIgnoreCase(started.get(StateBackendOptions.STATE_BACKEND)))
            return;
        setWhereUnset(started, job, RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        setWhereUnset(
                started,
                job,
                RocksDBConfigurableOptions.COMPACTION_STYLE,
                CompactionStyle.UNIVERSAL);
        setWhereUnset(
                started,
                job,
                RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL,
                List.of(CompressionType.LZ4_COMPRESSION));
        setWhereUnset(
                started, job, RocksDBOptions.OPTIONS_FACTORY, MemtableBloomFilter.class.getName());
    }
}
