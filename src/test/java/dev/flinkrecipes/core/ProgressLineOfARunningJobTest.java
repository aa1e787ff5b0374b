package dev.flinkrecipes.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.Main;
import dev.flinkrecipes.testing.FlinkCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The progress line of a real job: the reporter finds the records read and the watermark through
 * the metrics the job's operators register, so renaming an operator cannot silence it.
 */
class ProgressLineOfARunningJobTest {
    static final ByteArrayOutputStream LINES = new ByteArrayOutputStream();

    /** The reporter the mini cluster makes, printing where the test reads. */
    public static final class Capturing implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new ProgressReporter(new PrintStream(LINES, true, StandardCharsets.UTF_8));
        }
    }

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.reportingTo(Capturing.class);

    @Test
    void reportsRecordsAndTheWatermarkOfAWindowedJob() {
        // 1,500 generated events at 500/s: the job runs about 3 s, some reports long.
        int exit =
                Main.run(
                        "category-analytics",
                        "--source",
                        "generator",
                        "--count",
                        "1500",
                        "--rate",
                        "500",
                        "--start-time",
                        "2024-01-15T10:00:00Z",
                        "--sink",
                        "discard",
                        "--checkpoint-interval",
                        "0s");
        assertThat(exit).isZero();
        String printed = LINES.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .as("a line with records read and an event-time watermark of the input's day")
                .containsPattern(
                        "progress: [1-9][0-9,]* records in.*, [0-9,]+ dead letters, watermark"
                                + " 2024-01-15T");
    }
}
