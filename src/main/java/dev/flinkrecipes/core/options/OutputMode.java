package dev.flinkrecipes.core.options;

/**
 * Spark's output modes, for every job that aggregates: what is written at each {@code --trigger}.
 * See docs/spark-to-flink.md for each job's rows in each mode.
 */
public enum OutputMode {
    /**
     * Each row once, final, never changed: a window when the watermark passes its end. Spark allows
     * it only for aggregations with a watermark; word count's per-batch form (the documents'
     * DStream version) is the other case.
     */
    append,
    /** At every trigger, the rows that changed since the last one, with their current values. */
    update,
    /** At every trigger, every row held in state. */
    complete
}
