package dev.flinkrecipes.core;

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
final class JobDefaults {
    private JobDefaults() {}

    /**
     * Adds to {@code job} each default that {@code started} (the environment's configuration as
     * Flink made it) does not name.
     */
    static void applyWhereUnset(ReadableConfig started, Configuration job) {
        if (started.getOptional(ExecutionOptions.SNAPSHOT_COMPRESSION).isEmpty()) {
            // Snapshots (heap checkpoints, canonical savepoints) compressed with Snappy: Flink
            // reads an uncompressed one from a local file one read(2) per field, tens of syscalls
            // per key (restoring 10 M users took minutes); through the decompressor it reads 64 KB
            // blocks. docs/state-and-savepoints.md, "Restoring millions of keys".
            job.set(ExecutionOptions.SNAPSHOT_COMPRESSION, true);
        }
    }
}
