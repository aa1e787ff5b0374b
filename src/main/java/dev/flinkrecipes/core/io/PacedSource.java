package dev.flinkrecipes.core.io;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimitedSourceReader;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Any source, its records handed out at a fixed schedule: the generator's {@code --rate} and the
 * other sources' {@code --max-rate} (Spark's maxOffsetsPerTrigger, as a steady rate). Record {@code
 * n} of a reader goes at {@code start + n / rate}, so a reader that is ahead waits and one that
 * fell behind catches up instead of losing the time.
 *
 * <p>The wait is Flink's own rate-limited reader ({@link RateLimitedSourceReader}): the task is
 * idle while it waits, not busy, so the Web UI and the busy-time metrics show the job's real load
 * (a map that parks its thread counts every waiting millisecond as busy). Flink's stock limiter
 * ({@code RateLimiterStrategy.perSecond}) hands every record to a Guava limiter on another thread,
 * which capped the generator far below 100,000 records/s; this one answers a record that is due
 * with a completed future, on the task's thread, and starts a timer only for one that is early.
 */
public final class PacedSource<T, SplitT extends SourceSplit, EnumT>
        implements Source<T, SplitT, EnumT>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final Source<T, SplitT, EnumT> source;
    private final TypeInformation<T> type;
    private final double perSecond;

    /**
     * {@code source} at {@code perSecond} records per second across all its readers; {@code type}
     * its records' type.
     */
    public PacedSource(Source<T, SplitT, EnumT> source, TypeInformation<T> type, double perSecond) {
        if (!(perSecond > 0))
            throw new IllegalArgumentException("rate must be above 0, got " + perSecond);
        this.source = source;
        this.type = type;
        this.perSecond = perSecond;
    }

    @Override
    public SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception {
        return new RateLimitedSourceReader<>(
                source.createReader(context),
                new ScheduleLimiter<>(new Schedule(perSecond / context.currentParallelism())));
    }

    @Override
    public Boundedness getBoundedness() {
        return source.getBoundedness();
    }

    @Override
    public SplitEnumerator<SplitT, EnumT> createEnumerator(SplitEnumeratorContext<SplitT> context)
            throws Exception {
        return source.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<SplitT, EnumT> restoreEnumerator(
            SplitEnumeratorContext<SplitT> context, EnumT checkpoint) throws Exception {
        return source.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<SplitT> getSplitSerializer() {
        return source.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<EnumT> getEnumeratorCheckpointSerializer() {
        return source.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    /** One reader's permits: at once when due, after a timer when early. */
    static final class ScheduleLimiter<SplitT extends SourceSplit> implements RateLimiter<SplitT> {
        private static final CompletableFuture<Void> DUE = CompletableFuture.completedFuture(null);
        private final Schedule schedule;

        ScheduleLimiter(Schedule schedule) {
            this.schedule = schedule;
        }

        @Override
        public CompletionStage<Void> acquire(int records) {
            long early = 0;
            for (int i = 0; i < records; i++) early = schedule.next(System.nanoTime());
            if (early == 0) return DUE;
            // The JDK's own delay thread completes it: no thread of this job's classes outlives it.
            return CompletableFuture.runAsync(
                    () -> {},
                    CompletableFuture.delayedExecutor(early, TimeUnit.NANOSECONDS, Runnable::run));
        }
    }

    /** One reader's schedule. */
    static final class Schedule {
        /** Waiting is done in steps of at least this much: a record less early goes at once. */
        static final long EARLY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

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
