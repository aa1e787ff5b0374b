package dev.flinkrecipes.core.options;

/**
 * Where a job writes its results, dead letters and late records (Spark: {@code
 * writeStream.format(...)}).
 */
public enum SinkKind {
    /** Kafka topics, transactional (exactly-once) by default. */
    kafka,
    /** JSON-lines files under {@code --output}, committed on checkpoints. */
    file,
    /**
     * The TaskManager's stdout (results) and stderr (dead letters, late records): Spark's console
     * sink.
     */
    print,
    /** Nothing: runs the pipeline without output (benchmarks, dry runs). */
    discard
}
