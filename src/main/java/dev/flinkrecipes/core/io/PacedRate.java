package dev.flinkrecipes.core.io;

import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A fixed-schedule rate for the generator source: record {@code n} of an instance is released at
 * {@code start + n / rate}, so an instance that fell behind (back-pressure, a pause) catches up instead of losing
 * the time. Flink's {@code RateLimiterStrategy.perSecond} hands every record to another thread (Guava's limiter
 * runs in an executor), which capped the generator far below 100,000 records/s; here a record on or behind
 * schedule goes at once, and only one ahead of it by more than a millisecond waits.
 */
public final class PacedRate<S extends SourceSplit> implements RateLimiterStrategy<S> {
    private static final long serialVersionUID = 1L;
    private static final long EARLY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

    private final double perSecond;

    private PacedRate(double perSecond) {
        if (!(perSecond > 0)) throw new IllegalArgumentException("rate must be above 0, got " + perSecond);
        this.perSecond = perSecond;
    }

    /** {@code perSecond} records per second across all parallel instances. */
    public static <S extends SourceSplit> PacedRate<S> perSecond(double perSecond) {
        return new PacedRate<>(perSecond);
    }

    @Override
    public RateLimiter<S> createRateLimiter(int parallelism) {
        double nanosPerRecord = 1e9 * parallelism / perSecond;
        return new RateLimiter<>() {
            private long start = Long.MIN_VALUE;
            private long released;

            @Override
            public CompletionStage<Void> acquire(int records) {
                long now = System.nanoTime();
                if (start == Long.MIN_VALUE) start = now;
                long due = start + (long) (released * nanosPerRecord);
                released += records;
                long early = due - now;
                if (early <= EARLY_NANOS) return NOW;
                return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(early, TimeUnit.NANOSECONDS));
            }
        };
    }
}
