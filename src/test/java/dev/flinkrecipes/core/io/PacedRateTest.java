package dev.flinkrecipes.core.io;

import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacedRateTest {

    @Test
    void releasesOnScheduleWaitsWhenAheadAndSplitsTheRateBetweenInstances() {
        // 20 records/s over 2 instances: 10/s each, so the second record of an instance is due 100 ms after the first.
        RateLimiter<SourceSplit> limiter = PacedRate.<SourceSplit>perSecond(20).createRateLimiter(2);
        assertThat(limiter.acquire(1).toCompletableFuture()).isDone();
        CompletableFuture<Void> second = limiter.acquire(1).toCompletableFuture();
        assertThat(second).as("ahead of schedule: waits").isNotDone();
        second.join();
    }

    @Test
    void aFastRateNeverWaits() {
        RateLimiter<SourceSplit> limiter = PacedRate.<SourceSplit>perSecond(1e12).createRateLimiter(1);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.acquire(1).toCompletableFuture()).isDone();
        }
    }

    @Test
    void rejectsARateThatIsNotPositive() {
        assertThatThrownBy(() -> PacedRate.perSecond(0)).hasMessageContaining("rate must be above 0");
    }
}
