package dev.flinkrecipes.core.options;

import java.util.EnumSet;
import java.util.Set;

/** How the results are written ({@code --format}); which formats there are depends on the sink. */
public enum OutputFormat {
    /**
     * Print only: Spark's console sink, a {@code Batch: N} header and a {@code df.show()} table per
     * batch.
     */
    table,
    /**
     * One JSON object per result: a JSON line on the console or in a file, a Kafka record's value.
     */
    json,
    /** File only: CSV with a header line per part file (flink-csv). */
    csv,
    /** File only: Parquet, snappy-compressed (flink-parquet). */
    parquet;

    /** The formats {@code sink} can write (any for a sink that writes nothing). */
    public static Set<OutputFormat> of(SinkKind sink) {
        return switch (sink) {
            case print -> EnumSet.of(table, json);
            case file -> EnumSet.of(json, csv, parquet);
            case kafka -> EnumSet.of(json);
            case discard -> EnumSet.allOf(OutputFormat.class);
        };
    }

    /** The format of {@code sink} without {@code --format}. */
    public static OutputFormat defaultFor(SinkKind sink) {
        return sink == SinkKind.print ? table : json;
    }
}
