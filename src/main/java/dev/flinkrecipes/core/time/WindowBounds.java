package dev.flinkrecipes.core.time;

/**
 * Window output rows carry {@code window_start}/{@code window_end} (epoch millis, written ISO-8601
 * UTC). Flink's windows are aligned to the epoch, as Spark's are, so the bounds match Spark's.
 */
public interface WindowBounds {
    void setWindow(long start, long end);
}
