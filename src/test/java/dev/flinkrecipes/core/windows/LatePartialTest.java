package dev.flinkrecipes.core.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * A pre-aggregated pane that reaches the window operator after some or all of its windows fired
 * (which {@link PreAggregatePanes} rules out, unless an upstream watermark or idleness misbehaves)
 * must not fail the job, which would restart onto the same records forever: it counts in the
 * windows still open, like an event late for its first windows, and is dropped (counted, logged)
 * when none is.
 */
class LatePartialTest {
    private static final long MIN = 60_000;
    private static final OutputTag<Long> LATE = new OutputTag<>("late", Types.LONG);

    static final class Sum implements AggregateFunction<Long, Long, Long> {
        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(Long value, Long acc) {
            return acc + value;
        }

        @Override
        public Long getResult(Long acc) {
            return acc;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    static final class Describe extends ProcessWindowFunction<Long, String, String, TimeWindow> {
        @Override
        public void process(String key, Context ctx, Iterable<Long> sums, Collector<String> out) {
            out.collect(
                    key
                            + " ["
                            + ctx.window().getStart() / MIN
                            + ","
                            + ctx.window().getEnd() / MIN
                            + ") "
                            + sums.iterator().next());
        }
    }

    private static final KeySelector<Either<Long, Tuple3<String, Long, Long>>, String> KEY =
            e -> e.isLeft() ? "k" : e.right().f0;

    /** 3 min windows sliding by 1 min: a pane is in three windows. */
    private static KeyedOneInputStreamOperatorTestHarness<
                    String, Either<Long, Tuple3<String, Long, Long>>, String>
            harness() throws Exception {
        var function =
                new PanedWindowAggregate<String, Long, Long, String>(
                        new WindowSpec(3 * MIN, MIN), new Sum(), new Describe(), Types.LONG, LATE);
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), KEY, Types.STRING);
        h.open();
        return h;
    }

    private static StreamRecord<Either<Long, Tuple3<String, Long, Long>>> partial(
            long pane, long sum) {
        return new StreamRecord<>(Either.Right(Tuple3.of("k", pane, sum)), pane);
    }

    private static StreamRecord<Either<Long, Tuple3<String, Long, Long>>> event(
            long value, long timestamp) {
        return new StreamRecord<>(Either.Left(value), timestamp);
    }

    private static List<String> results(
            KeyedOneInputStreamOperatorTestHarness<String, ?, String> h) {
        return h.extractOutputValues();
    }

    @Test
    void aPartialLateForItsFirstWindowCountsInTheWindowsStillOpen() throws Exception {
        try (var h = harness()) {
            h.processElement(event(1, 10 * MIN + 5));
            h.processWatermark(new Watermark(11 * MIN - 1)); // fires [8,11)
            assertThat(results(h)).containsExactly("k [8,11) 1");

            h.processElement(
                    partial(
                            10 * MIN,
                            100)); // pane [10,11): its window [8,11) has fired, [9,12) and [10,13)
            // not
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(results(h)).containsExactly("k [8,11) 1", "k [9,12) 101", "k [10,13) 101");
            assertThat(h.getSideOutput(LATE)).isNull();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aPartialLateForAllItsWindowsIsDroppedAndTheJobGoesOn() throws Exception {
        try (var h = harness()) {
            h.processElement(event(1, 10 * MIN + 5));
            h.processWatermark(
                    new Watermark(13 * MIN - 1)); // every window of pane [10,11) has fired
            h.processElement(partial(10 * MIN, 100));
            h.processElement(event(7, 20 * MIN)); // and the operator goes on as before
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(results(h))
                    .containsExactly(
                            "k [8,11) 1",
                            "k [9,12) 1",
                            "k [10,13) 1",
                            "k [18,21) 7",
                            "k [19,22) 7",
                            "k [20,23) 7");
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
