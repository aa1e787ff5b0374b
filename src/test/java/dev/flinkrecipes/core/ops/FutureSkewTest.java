package dev.flinkrecipes.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.core.options.SourceKind;
import dev.flinkrecipes.core.serde.DeadLetter;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.core.serde.RecordParser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * {@code --max-future-skew}: a record stamped further ahead of the clock than that (a producer's
 * clock error) is a dead letter with the reason, so it cannot move the watermark; records up to the
 * bound, and every record when the bound is 0 (off), go on.
 */
class FutureSkewTest {
    static final Instant NOW = Instant.parse("2024-01-15T12:00:00Z");

    /** A record is its event time, as text. */
    static final RecordParser<Long> EVENT_TIME = text -> Instant.parse(text).toEpochMilli();

    @Test
    void recordsFurtherAheadThanTheBoundAreDeadLetters() throws Exception {
        try (var h = parse(Duration.ofHours(1))) {
            h.processElement(record(NOW.plus(Duration.ofMinutes(59))), 0);
            h.processElement(record(NOW.plus(Duration.ofMinutes(150))), 0);
            h.processElement(record(NOW.minus(Duration.ofDays(30))), 0);
            assertThat(h.extractOutputValues())
                    .containsExactly(
                            NOW.plus(Duration.ofMinutes(59)).toEpochMilli(),
                            NOW.minus(Duration.ofDays(30)).toEpochMilli());
            assertThat(deadLetters(h))
                    .extracting(d -> d.reason)
                    .containsExactly(
                            "event time 2024-01-15T14:30:00Z is 150min ahead of the clock, more"
                                    + " than --max-future-skew 1h");
        }
    }

    @Test
    void offByDefault() throws Exception {
        try (var h = parse(Duration.ZERO)) {
            h.processElement(record(NOW.plus(Duration.ofDays(365))), 0);
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(deadLetters(h)).isEmpty();
        }
    }

    private static OneInputStreamOperatorTestHarness<RawRecord, Long> parse(Duration skew)
            throws Exception {
        var h =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new ParseOrDeadLetter<>("job", EVENT_TIME, (t, previous) -> t, skew));
        h.setProcessingTime(NOW.toEpochMilli());
        return h;
    }

    private static RawRecord record(Instant eventTime) {
        return new RawRecord(eventTime.toString(), SourceKind.file, "/in/x", 1);
    }

    private static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<RawRecord, ?> h) {
        var out = h.<DeadLetter>getSideOutput(ParseOrDeadLetter.DEAD_LETTERS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }
}
