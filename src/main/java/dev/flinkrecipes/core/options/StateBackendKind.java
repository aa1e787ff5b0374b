package dev.flinkrecipes.core.options;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;

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

    /**
     * Sets the backend, and for RocksDB incremental checkpoints and a bloom filter, in a job's
     * configuration (a setting already in {@code conf}, e.g. the job's {@code --conf}, wins for the
     * bloom filter).
     */
    public void applyTo(Configuration conf) {
        conf.set(StateBackendOptions.STATE_BACKEND, name());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, this == rocksdb);
        if (this == rocksdb && !conf.contains(RocksDBConfigurableOptions.USE_BLOOM_FILTER)) {
            // A key not seen before (a new user) is a miss RocksDB would look up in every level;
            // the filter answers most misses from memory (71 k -> 147 k events/s at 10 M users;
            // docs/state-and-savepoints.md, "State at scale"). Spark's RocksDB store has one too.
            conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        }
    }
}
