package dev.flinkrecipes.core.ops;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Passes records on at a fixed schedule, chained right after a source: record {@code n} of an
 * instance goes at {@code start + n / rate}, so the source is held back (back-pressure) when ahead
 * and catches up when it fell behind, instead of losing the time. The generator's {@code --rate}
 * and the other sources' {@code --max-rate} (Spark's maxOffsetsPerTrigger, as a steady rate).
 * Flink's {@code RateLimiterStrategy.perSecond} hands every record to another thread (Guava's
 * limiter in an executor), which capped the generator far below 100,000/s.
 */
public final class Pace<T> extends RichMapFunction<T, T> {
    private static final long serialVersionUID = 1L;

    /**
     * Waiting is done in steps of at least this much: a record less early than this goes at once.
     */
    static final long EARLY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final double perSecond;
    private transient Schedule schedule;

    /** {@code perSecond} records per second across all parallel instances. */
    public Pace(double perSecond) {
        if (!(perSecond > 0))
            throw new IllegalArgumentException("rate must be above 0, got " + perSecond);
        this.perSecond = perSecond;
    }

    @Override
    public void open(OpenContext openContext) {
        schedule =
                new Schedule(
                        perSecond
                                / getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
    }

    @Override
    public T map(T record) {
        long wait = schedule.next(System.nanoTime());
        if (wait > 0) LockSupport.parkNanos(wait);
        return record;
    }

    /** One instance's schedule. */
    static final class Schedule {
        private final double nanosPerRecord;
        private long start = Long.MIN_VALUE;
        private long released;

        Schedule(double perSecond) {
            this.nanosPerRecord = 1e9 / perSecond;
        }

        /** How long the next record must wait at {@code now} (0: go). */
        long next(long now) {
            if (start == Long.MIN_VALUE) start = now;
            long early = start + (long) (released++ * nanosPerRecord) - now;
            return early > EARLY_NANOS ? early : 0;
        }
    }
}
