package dev.flinkrecipes.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.core.options.SourceKind;
import dev.flinkrecipes.core.serde.DeadLetter;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.core.serde.RecordParser;
import dev.flinkrecipes.transactions.CategoryAnalyticsJob;
import dev.flinkrecipes.transactions.Transaction;
import dev.flinkrecipes.transactions.TransactionParser;
import dev.flinkrecipes.weblogs.AccessLogParser;
import dev.flinkrecipes.weblogs.WebRequest;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * One weird record (huge, deeply nested, out of range, or a parser that blows its stack on it) must
 * end as a result or a dead letter, never as an exception out of the parse operator: that fails the
 * job, which restarts onto the same record forever.
 */
class WeirdRecordsTest {

    private static <T> OneInputStreamOperatorTestHarness<RawRecord, T> parse(RecordParser<T> parser)
            throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(
                new ParseOrDeadLetter<>("job", parser));
    }

    private static RawRecord line(String text) {
        return new RawRecord(text, SourceKind.file, "/in/x", 1);
    }

    private static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<RawRecord, ?> h) {
        ConcurrentLinkedQueue<
                        org.apache.flink.streaming.runtime.streamrecord.StreamRecord<DeadLetter>>
                out = h.getSideOutput(ParseOrDeadLetter.DEAD_LETTERS);
        return out == null ? List.of() : out.stream().map(r -> r.getValue()).toList();
    }

    /**
     * The access-log regex recursed once per character of the request: a long request overflowed
     * the stack.
     */
    @Test
    void anAccessLogLineWithAHugeRequestParses() throws Exception {
        // With a 1 MB stack (a task thread's), 3,000 characters overflowed it; 60,000 do with 8 MB.
        String url = "/" + "a".repeat(60_000);
        String prefix = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET ";
        try (var h = parse(new AccessLogParser())) {
            h.processElement(line(prefix + url + " HTTP/1.1\" 404 2326"), 0);
            h.processElement(line(prefix + "/" + "a\\\"".repeat(20_000) + "\" 404 -"), 0);
            h.processElement(line(prefix + "/ HTTP/1.1\" 200 99999999999999999999999"), 0);
            h.processElement(line(prefix + "/" + "a".repeat(70_000) + " HTTP/1.1\" 404 2326"), 0);
            List<WebRequest> parsed = h.extractOutputValues();
            assertThat(parsed).hasSize(2);
            assertThat(parsed.get(0).url).isEqualTo(url);
            assertThat(parsed.get(1).url).isEqualTo("/" + "a\"".repeat(20_000));
            assertThat(deadLetters(h))
                    .extracting(d -> d.reason)
                    .containsExactly(
                            "size: 99999999999999999999999 is out of the 64-bit integer range",
                            "record too large: "
                                    + (prefix.length() + 70_020)
                                    + " characters, more than 65536");
        }
    }

    /** A parser with a bug: on some records it recurses without end. */
    private static final class Recursive implements RecordParser<String> {
        @Override
        public String parse(String text) {
            return text.startsWith("deep") ? depth(text, 0) : text;
        }

        private static String depth(String text, int n) {
            return n < 0 ? text : depth(text, n + 1);
        }
    }

    /**
     * Whatever a parser's bug, the record is a dead letter with what went wrong, and the next one
     * parses.
     */
    @Test
    void aParserThatOverflowsItsStackMakesADeadLetter() throws Exception {
        RecordParser<String> recursive = new Recursive();
        try (var h = parse(recursive)) {
            h.processElement(line("deep"), 0);
            h.processElement(line("fine"), 0);
            assertThat(h.extractOutputValues()).containsExactly("fine");
            assertThat(deadLetters(h))
                    .singleElement()
                    .satisfies(
                            d ->
                                    assertThat(d.reason)
                                            .isEqualTo(
                                                    "parser error: java.lang.StackOverflowError"));
        }
    }

    @Test
    void deepNestingHugeNumbersAndFiftyMegabytesAreDeadLetters() throws Exception {
        String base =
                "\"user_id\":\"u\",\"timestamp\":\"2024-01-15T10:30:00Z\",\"category\":\"c\",\"location\":\"l\"";
        try (var h = parse(TransactionParser.requiring(CategoryAnalyticsJob.REQUIRED))) {
            h.processElement(
                    line(
                            "{\"a\":"
                                    + "[".repeat(10_000)
                                    + "]".repeat(10_000)
                                    + ","
                                    + base
                                    + ",\"amount\":1}"),
                    0);
            h.processElement(line("{" + base + ",\"amount\":1e999}"), 0);
            h.processElement(line("{" + base + ",\"amount\":" + "9".repeat(400) + "}"), 0);
            h.processElement(line("{" + base + ",\"amount\":NaN}"), 0);
            h.processElement(line("{" + base + ",\"amount\":1,\"merchant\":\"\\u0000\"}"), 0);
            h.processElement(line("y".repeat(50 << 20)), 0);
            // A valid transaction, but its location would make a window result and its Kafka key
            // over 1 MiB.
            h.processElement(
                    line(
                            "{"
                                    + base.replace("\"l\"", "\"" + "L".repeat(600_000) + "\"")
                                    + ",\"amount\":1}"),
                    0);
            List<Transaction> parsed = h.extractOutputValues();
            assertThat(parsed)
                    .singleElement()
                    .satisfies(t -> assertThat(t.merchant).isEqualTo("\u0000"));
            List<String> reasons = deadLetters(h).stream().map(d -> d.reason).toList();
            assertThat(reasons).hasSize(6);
            assertThat(reasons.get(0)).startsWith("invalid JSON: nested deeper than 64 levels");
            assertThat(reasons.get(1)).isNotBlank();
            assertThat(reasons.get(2)).isEqualTo("amount: not a finite number");
            assertThat(reasons.get(3)).startsWith("invalid JSON");
            assertThat(reasons.get(4))
                    .isEqualTo("record too large: 52428800 characters, more than 65536");
            assertThat(deadLetters(h).get(4).rawLength).isEqualTo(50L << 20);
            assertThat(reasons.get(5)).startsWith("record too large: 600");
        }
    }
}
