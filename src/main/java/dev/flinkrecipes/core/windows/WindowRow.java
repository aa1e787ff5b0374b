package dev.flinkrecipes.core.windows;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.io.Sinks;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;
import java.time.Instant;

/**
 * A window's result row starts with the window's bounds: Spark's {@code window} struct, flattened.
 * In update and complete modes it also says which trigger wrote it and whether it is the window's
 * final value; in append mode (every row final) both are left out, so append rows are as they
 * always were.
 */
public abstract class WindowRow {
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long windowStart;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long windowEnd;

    /**
     * The processing-time trigger that wrote this row (update and complete modes); null in append
     * mode.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonSerialize(using = IsoInstantSerializer.class)
    public Long batch;

    /**
     * True for the window's last row (the watermark passed its end), false for an early one; null
     * in append mode.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonProperty("final")
    public Boolean isFinal;

    /**
     * {@code key|window_start} (e.g. {@code Madrid|2024-01-15T10:35:00Z}): the Kafka key of a
     * window's rows in update and complete modes, one per window, so a compacted topic keeps each
     * window's latest value.
     */
    public static <T> Sinks.KeyFn<T> keyWithWindow(Sinks.KeyFn<T> key) {
        return row -> key.apply(row) + "|" + Instant.ofEpochMilli(((WindowRow) row).windowStart);
    }
}
