package dev.flinkrecipes.core;

import dev.flinkrecipes.core.options.StateBackendKind;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The settings a job brings of its own, each only where the configuration it was started with says
 * nothing: that configuration holds the job's {@code --conf} and, on a cluster, the cluster's
 * (under {@code flink run} the client's config.yaml and its {@code -D} options, under the REST
 * API's jar run the JobManager's: Flink's context environment merges them). So a job's {@code
 * --conf} wins, then what the operator configured for the cluster, then these; a local run ({@code
 * bin/run}, tests) has only the job's own.
 */
public final class JobDefaults {
    private JobDefaults() {}

    /**
     * Adds to {@code job} each default that {@code started} (the environment's configuration as
     * Flink made it) does not name: snapshot compression, and on RocksDB its tuning ({@link
     * StateBackendKind#tuneWhereUnset}).
     */
    static void applyWhereUnset(ReadableConfig started, Configuration job) {
        // Snapshots (heap checkpoints, canonical savepoints) compressed with Snappy: Flink reads an
        // uncompressed one from a local file one read(2) per field, tens of syscalls per key
        // (restoring 10 M users took minutes); through the decompressor it reads 64 KB blocks.
        // docs/state-and-savepoints.md, "Restoring millions of keys".
        setWhereUnset(started, job, ExecutionOptions.SNAPSHOT_COMPRESSION, true);
        StateBackendKind.tuneWhereUnset(started, job);
    }

    /** Sets {@code option} in {@code job} unless {@code started} names a value for it. */
    public static <T> void setWhereUnset(
            ReadableConfig started, Configuration job, ConfigOption<T> option, T value) {
        if (started.getOptional(option).isEmpty()) job.set(option, value);
    }
}
