package dev.flinkrecipes.core.options;

/** When the watermark generator emits. */
public enum WatermarkEmission {
    /** Every {@code pipeline.auto-watermark-interval} (200 ms): cheap, Flink's default. */
    periodic,
    /**
     * As soon as an event advances it: deterministic results for a given input order, whatever the
     * processing speed (used for reproducible backfills and tests).
     */
    per_event
}
