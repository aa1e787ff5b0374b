package dev.flinkrecipes.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.core.ops.ParseOrDeadLetter;
import dev.flinkrecipes.core.time.EventTime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * The progress line, from the metrics the reporter is told about, as Flink's metric registry tells
 * it.
 */
class ProgressReporterTest {

    /** An operator's metric group, with the operator name Flink gives it. */
    static UnregisteredMetricsGroup operator(String name, int subtask) {
        return new UnregisteredMetricsGroup() {
            @Override
            public Map<String, String> getAllVariables() {
                return Map.of("<operator_name>", name, "<subtask_index>", String.valueOf(subtask));
            }
        };
    }

    @Test
    void recordsInTheirRateDeadLettersAndTheSlowestWatermark() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressReporter reporter =
                new ProgressReporter(new PrintStream(out, true, StandardCharsets.UTF_8));
        reporter.report(); // no job yet: nothing to say
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();

        SimpleCounter in0 = new SimpleCounter(),
                in1 = new SimpleCounter(),
                dead = new SimpleCounter(),
                other = new SimpleCounter();
        Gauge<Long> in0Gauge = in0::getCount, in1Gauge = in1::getCount;
        var parse0 = operator("Parse Transaction (bad records to DLQ)", 0);
        var parse1 = operator("Parse Transaction (bad records to DLQ)", 1);
        reporter.notifyOfAddedMetric(in0Gauge, ParseOrDeadLetter.RECORDS_IN_METRIC, parse0);
        reporter.notifyOfAddedMetric(in1Gauge, ParseOrDeadLetter.RECORDS_IN_METRIC, parse1);
        reporter.notifyOfAddedMetric(dead, ParseOrDeadLetter.DEAD_LETTERS_METRIC, parse0);
        reporter.notifyOfAddedMetric(
                other, "numRecordsIn", operator("Fraud rules", 0)); // not the job's input
        long t = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();
        reporter.notifyOfAddedMetric(
                (Gauge<Long>) () -> t + 5000,
                EventTime.WATERMARK_METRIC,
                operator("Event time (watermark delay 10 min)", 0));
        reporter.notifyOfAddedMetric(
                (Gauge<Long>) () -> t,
                EventTime.WATERMARK_METRIC,
                operator("Event time (watermark delay 10 min)", 1));
        in0.inc(1200);
        in1.inc(800);
        other.inc(99);
        dead.inc(3);
        reporter.report();
        in0.inc(500);
        reporter.report();

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0])
                .isEqualTo(
                        "progress: 2,000 records in, 3 dead letters, watermark"
                                + " 2024-01-15T10:00:00Z");
        assertThat(lines[1])
                .matches(
                        "progress: 2,500 records in \\([0-9,]+/s\\), 3 dead letters, watermark"
                                + " 2024-01-15T10:00:00Z");
    }
}
