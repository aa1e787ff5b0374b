package dev.flinkrecipes.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkrecipes.Main;
import dev.flinkrecipes.testing.FlinkCluster;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.metrics.reporter.Scheduled;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PacedSourceTest {
    private static final long MS = 1_000_000;

    @Test
    void recordsGoOnScheduleWaitWhenEarlyAndCatchUpWhenLate() {
        PacedSource.Schedule s = new PacedSource.Schedule(100); // one record every 10 ms
        long t0 = 5_000 * MS;
        assertThat(s.next(t0)).as("the first goes at once").isZero();
        assertThat(s.next(t0)).as("the second is due 10 ms later").isEqualTo(10 * MS);
        assertThat(s.next(t0 + 19 * MS + 500_000)).as("less than 1 ms early: goes").isZero();
        // Held up for 100 ms: records 3..12 are all due by then and go at once; the 13th waits.
        for (int i = 3; i <= 12; i++) assertThat(s.next(t0 + 120 * MS)).as("record %d", i).isZero();
        assertThat(s.next(t0 + 120 * MS)).isEqualTo(10 * MS);
    }

    @Test
    void aDueRecordGoesAtOnceAnEarlyOneWhenItsTimeComes() throws Exception {
        PacedSource.ScheduleLimiter<SourceSplit> limiter =
                new PacedSource.ScheduleLimiter<>(new PacedSource.Schedule(20)); // every 50 ms
        assertThat(limiter.acquire().toCompletableFuture()).as("the first").isDone();
        CompletableFuture<Void> second = limiter.acquire().toCompletableFuture();
        long asked = System.nanoTime();
        assertThat(second).as("50 ms early: not yet").isNotDone();
        second.get(5, TimeUnit.SECONDS);
        assertThat(System.nanoTime() - asked).isGreaterThanOrEqualTo(40 * MS);
    }

    @Test
    void rejectsARateThatIsNotPositive() {
        assertThatThrownBy(() -> new PacedSource<>(null, null, 0))
                .hasMessageContaining("rate must be above 0");
    }

    // ---- the task waits idle, not busy ----

    /** The source task's time so far, busy and idle (ms), as the last report saw it. */
    static final long[] SOURCE_BUSY_IDLE = {-1, -1};

    /** Reads the busy and idle time of the task that holds the generator source, every report. */
    public static final class SourceBusyTime implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new Reporter();
        }

        static final class Reporter implements MetricReporter, Scheduled {
            // The accumulated times, not the per-second gauges: those Flink refreshes every 5 s.
            private volatile Gauge<?> busy;
            private volatile Gauge<?> idle;

            @Override
            public void open(MetricConfig config) {}

            @Override
            public void close() {}

            @Override
            public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
                if (!group.getAllVariables()
                        .getOrDefault("<task_name>", "")
                        .contains("Generator source")) return;
                if (name.equals("accumulateBusyTimeMs")) busy = (Gauge<?>) metric;
                if (name.equals("accumulateIdleTimeMs")) idle = (Gauge<?>) metric;
            }

            @Override
            public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

            @Override
            public void report() {
                if (busy != null && idle != null) {
                    SOURCE_BUSY_IDLE[0] = ((Number) busy.getValue()).longValue();
                    SOURCE_BUSY_IDLE[1] = ((Number) idle.getValue()).longValue();
                }
            }
        }
    }

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.reportingTo(SourceBusyTime.class);

    /**
     * A paced generator spends its time waiting: the Web UI must show its task idle, not 100% busy
     * (a map that parked the task's thread was counted busy all along).
     */
    @Test
    void aPacedSourceWaitsIdleNotBusy() {
        int exit =
                Main.run(
                        "fraud-detection",
                        "--source",
                        "generator",
                        "--rate",
                        "10",
                        "--count",
                        "30",
                        "--sink",
                        "discard",
                        "--checkpoint-interval",
                        "0s");
        assertThat(exit).isZero();
        long busy = SOURCE_BUSY_IDLE[0], idle = SOURCE_BUSY_IDLE[1];
        assertThat(busy + idle).as("the source task's times were reported").isPositive();
        assertThat(busy)
                .as("busy ms of a source at 10 records/s for 3 s (idle ms: %d)", idle)
                .isLessThan((busy + idle) / 4);
    }
}
