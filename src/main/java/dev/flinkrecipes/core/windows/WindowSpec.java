package dev.flinkrecipes.core.windows;

import dev.flinkrecipes.core.options.DurationConverter;
import java.io.Serializable;
import java.time.Duration;

/**
 * Event-time windows aligned to the epoch, as Spark's {@code window(col, size[, slide])} and
 * Flink's {@code TumblingEventTimeWindows}/{@code SlidingEventTimeWindows} define them: window
 * {@code [start, start + size)} for every start that is a multiple of {@code slide}. The slide must
 * divide the size, so that a window is a whole number of slide-sized panes (see {@link
 * PanedWindowAggregate}).
 */
public record WindowSpec(long sizeMillis, long slideMillis) implements Serializable {

    public WindowSpec {
        if (slideMillis <= 0 || sizeMillis <= 0) {
            throw new IllegalArgumentException("window size and slide must be positive");
        }
        if (sizeMillis % slideMillis != 0) {
            throw new IllegalArgumentException(
                    "the slide ("
                            + slideMillis
                            + " ms) must divide the window size ("
                            + sizeMillis
                            + " ms)");
        }
    }

    public static WindowSpec tumbling(Duration size) {
        return new WindowSpec(size.toMillis(), size.toMillis());
    }

    public static WindowSpec sliding(Duration size, Duration slide) {
        return new WindowSpec(size.toMillis(), slide.toMillis());
    }

    /** Start of the slide-sized pane holding {@code timestamp}. */
    public long paneStart(long timestamp) {
        return timestamp - Math.floorMod(timestamp, slideMillis);
    }

    @Override
    public String toString() {
        String size = DurationConverter.format(Duration.ofMillis(sizeMillis));
        return sizeMillis == slideMillis
                ? "tumbling " + size
                : size + " sliding " + DurationConverter.format(Duration.ofMillis(slideMillis));
    }
}
