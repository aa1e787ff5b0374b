package dev.flinkrecipes.core.options;

/** How {@code --sink print} shows the results. */
public enum PrintFormat {
    /** Spark's console sink: a {@code Batch: N} header and a {@code df.show()} table per batch. */
    table,
    /** One JSON line per result, as the Kafka and file sinks write them. */
    json
}
