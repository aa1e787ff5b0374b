package dev.flinkrecipes.core.time;

import dev.flinkrecipes.core.options.DurationConverter;
import dev.flinkrecipes.core.options.WatermarkEmission;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.Gauge;

/**
 * Spark's {@code withWatermark(col, delay)}: event time from the record, the watermark trailing the
 * highest timestamp seen by {@code delay} (bounded out-of-orderness), and idle inputs ignored after
 * {@code idleTimeout} so that a quiet partition does not stall every window.
 */
public final class EventTime {
    private EventTime() {}

    /** The watermark an event-time operator has emitted last, a metric of that operator. */
    public static final String WATERMARK_METRIC = "eventTimeWatermark";

    /** The name of the {@code assignTimestampsAndWatermarks} operator, its delay shown. */
    public static String name(Duration delay) {
        return "Event time (watermark delay " + DurationConverter.format(delay) + ")";
    }

    public static <T> WatermarkStrategy<T> watermarks(
            SerializableTimestampAssigner<T> timestamp,
            Duration delay,
            Duration idleTimeout,
            WatermarkEmission emission) {
        WatermarkStrategy<T> s =
                WatermarkStrategy.<T>forGenerator(
                                ctx -> {
                                    BoundedDelay<T> generator =
                                            new BoundedDelay<>(
                                                    delay.toMillis(),
                                                    emission == WatermarkEmission.per_event);
                                    ctx.getMetricGroup()
                                            .gauge(
                                                    WATERMARK_METRIC,
                                                    (Gauge<Long>) () -> generator.emitted);
                                    return generator;
                                })
                        .withTimestampAssigner(timestamp);
        return idleTimeout.isZero() ? s : s.withIdleness(idleTimeout);
    }

    /**
     * Flink's bounded out-of-orderness generator, which may also emit as soon as an event advances
     * the watermark: then which events are late depends only on the input order, not on timing.
     */
    static final class BoundedDelay<T> implements WatermarkGenerator<T> {
        private final long delay;
        private final boolean perEvent;
        private long maxTimestamp;
        private volatile long emitted = Long.MIN_VALUE; // read by the metric reporter

        BoundedDelay(long delayMillis, boolean perEvent) {
            this.delay = delayMillis;
            this.perEvent = perEvent;
            this.maxTimestamp = Long.MIN_VALUE + delayMillis + 1;
        }

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            if (eventTimestamp > maxTimestamp) {
                maxTimestamp = eventTimestamp;
                if (perEvent) emit(output);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            emit(output);
        }

        private void emit(WatermarkOutput output) {
            long wm = maxTimestamp - delay - 1;
            if (wm > emitted) {
                emitted = wm;
                output.emitWatermark(new Watermark(wm));
            }
        }
    }
}
