package dev.flinkrecipes.core.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.core.windows.ProductionAggregates.Case;
import dev.flinkrecipes.testing.WindowHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The paned window operators against Flink's own window operator ({@code
 * window(SlidingEventTimeWindows).sideOutputLateData(late).aggregate(...)}), for every aggregate
 * the jobs plug into them, on the same random input: random keys, out-of-order timestamps, events
 * far behind the watermark, from two upstream instances whose watermarks differ. After every
 * watermark both must have emitted the same windows (bounds, record timestamps and accumulators)
 * and sent the same events to the late output; and the same again when ours is restored from a
 * snapshot taken half-way. Ours runs as the jobs wire it (pre-aggregation before the shuffle, then
 * the keyed panes) and without the pre-aggregation.
 *
 * <p>Counts, maxima and sets must be equal. Double sums are compared exactly where ours adds in
 * Flink's order (a tumbling window, one pane, without pre-aggregation: each event added in arrival
 * order to one accumulator, as Flink does), and within {@link ProductionAggregates#SUM_TOLERANCE}
 * otherwise: a sliding window merges its panes' sums, and pre-aggregation sums each instance's
 * events apart before merging, so the rounding differs.
 */
class PanedWindowAggregateTest {
    private static final long MIN = 60_000;

    /**
     * An event of the integer aggregate below: a key, a value, and an id to tell the events apart.
     */
    public static final class Reading {
        public String key;
        public long value;
        public long id;

        public Reading() {}

        Reading(String key, long value, long id) {
            this.key = key;
            this.value = value;
            this.id = id;
        }
    }

    public static final class Acc {
        public long count;
        public long sum;
        public long idHash;
    }

    /** Integer sums and a hash of the ids: a window that holds other events than Flink's shows. */
    static final class Totals implements AggregateFunction<Reading, Acc, Acc> {
        @Override
        public Acc createAccumulator() {
            return new Acc();
        }

        @Override
        public Acc add(Reading r, Acc a) {
            a.count++;
            a.sum += r.value;
            a.idHash += r.id * r.id;
            return a;
        }

        @Override
        public Acc getResult(Acc a) {
            return a;
        }

        @Override
        public Acc merge(Acc a, Acc b) {
            a.count += b.count;
            a.sum += b.sum;
            a.idHash += b.idHash;
            return a;
        }
    }

    private static final Case<Reading, String, Acc> TOTALS =
            new Case<>(
                    "integer totals and event ids",
                    Reading.class,
                    r -> r.key,
                    Totals::new,
                    (random, id, timestamp) ->
                            new Reading("k" + random.nextInt(4), random.nextInt(1000), id),
                    r -> String.valueOf(r.id),
                    a -> "n=" + a.count + " sum=" + a.sum + " ids=" + a.idHash,
                    a -> new double[0]);

    /**
     * A window's result as the tests compare it: the key, the bounds, the accumulator's exact parts
     * and sums.
     */
    public static final class Row {
        public String key;
        public long start;
        public long end;
        public String exact;
        public double[] sums;

        public Row() {}
    }

    static final class Describe<ACC, K> extends ProcessWindowFunction<ACC, Row, K, TimeWindow> {
        private final SerializableFunction<ACC, String> exact;
        private final SerializableFunction<ACC, double[]> sums;

        Describe(Case<?, K, ACC> aggregate) {
            this.exact = aggregate.exact();
            this.sums = aggregate.sums();
        }

        @Override
        public void process(K key, Context ctx, Iterable<ACC> accs, Collector<Row> out) {
            ACC a = accs.iterator().next();
            Row row = new Row();
            row.key = String.valueOf(key);
            row.start = ctx.window().getStart();
            row.end = ctx.window().getEnd();
            row.exact = a == null ? "null" : exact.apply(a);
            row.sums = sums.apply(a);
            out.collect(row);
        }
    }

    /** A window size and slide, and how far the events are out of order. */
    record Shape(long size, long slide, long disorder, long seed, String what) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Arguments> cases() {
        List<Shape> shapes =
                List.of(
                        new Shape(
                                5 * MIN,
                                MIN,
                                2 * MIN,
                                1,
                                "5 min / 1 min, disorder 2 min (the transactions')"),
                        new Shape(
                                5 * MIN,
                                MIN,
                                10 * MIN,
                                2,
                                "5 min / 1 min, disorder 10 min (longer than the window)"),
                        new Shape(
                                30_000,
                                10_000,
                                20_000,
                                3,
                                "30 s / 10 s, disorder 20 s (the e-commerce')"),
                        new Shape(5 * MIN, 5 * MIN, MIN, 4, "tumbling 5 min, disorder 1 min"),
                        new Shape(
                                MIN,
                                MIN,
                                0,
                                5,
                                "tumbling 1 min, in order: only the planted stragglers are late"));
        List<Case<?, ?, ?>> aggregates = new ArrayList<>(ProductionAggregates.ALL);
        aggregates.add(TOTALS);
        List<Arguments> all = new ArrayList<>();
        for (Case<?, ?, ?> aggregate : aggregates) {
            for (Shape shape : shapes) {
                all.add(Arguments.of(aggregate, shape, true));
                all.add(Arguments.of(aggregate, shape, false));
            }
        }
        return all.stream();
    }

    private record Step<IN>(IN event, long timestamp, int channel, long watermark) {}

    /**
     * Events drifting forward with jitter up to {@code disorder}, a watermark every few events,
     * some far behind.
     */
    private static <IN> List<Step<IN>> script(Case<IN, ?, ?> aggregate, Shape shape, int events) {
        Random random = new Random(shape.seed());
        long disorder = shape.disorder();
        List<Step<IN>> steps = new ArrayList<>();
        long now =
                -3 * MIN
                        + random.nextInt(
                                1000); // across zero: negative timestamps align like Flink's
        long[] maxSeen = {Long.MIN_VALUE, Long.MIN_VALUE};
        for (int i = 0; i < events; i++) {
            now += random.nextInt(4000);
            int channel =
                    random.nextInt(3) == 0 ? 1 : 0; // two upstream instances, the second one slower
            long ts = now - (long) (random.nextDouble() * disorder) - channel * disorder / 3;
            if (random.nextInt(50) == 0)
                ts -= 10 * MIN; // far behind: late for some or all of its windows
            maxSeen[channel] = Math.max(maxSeen[channel], ts);
            long watermark =
                    random.nextInt(5) == 0 ? maxSeen[channel] - disorder / 2 - 1 : Long.MIN_VALUE;
            steps.add(new Step<>(aggregate.events().make(random, i, ts), ts, channel, watermark));
        }
        return steps;
    }

    private static <IN> IN sample(Case<IN, ?, ?> aggregate) {
        return aggregate.events().make(new Random(0), 0, 0);
    }

    private static <IN, K, ACC> WindowHarness<IN, K, ACC, Row> flinks(
            Case<IN, K, ACC> aggregate, Shape shape) throws Exception {
        return new WindowHarness<>(
                aggregate.type(),
                sample(aggregate),
                aggregate.key(),
                (stream, key, late) ->
                        stream.keyBy(key)
                                .window(
                                        SlidingEventTimeWindows.of(
                                                Duration.ofMillis(shape.size()),
                                                Duration.ofMillis(shape.slide())))
                                .sideOutputLateData(late)
                                .aggregate(aggregate.aggregate().get(), new Describe<>(aggregate)),
                null,
                2);
    }

    private static <IN, K, ACC> WindowHarness<IN, K, ACC, Row> panes(
            Case<IN, K, ACC> aggregate,
            Shape shape,
            boolean preAggregate,
            OperatorSubtaskState restored)
            throws Exception {
        WindowSpec windows = new WindowSpec(shape.size(), shape.slide());
        return new WindowHarness<>(
                aggregate.type(),
                sample(aggregate),
                aggregate.key(),
                (stream, key, late) ->
                        preAggregate
                                ? PanedWindows.keyBy(stream, key)
                                        .window(windows)
                                        .trigger(Emission.APPEND)
                                        .sideOutputLateData(late)
                                        .aggregate(
                                                aggregate.aggregate().get(),
                                                new Describe<>(aggregate),
                                                "panes",
                                                "panes")
                                : panesOnly(
                                        stream,
                                        key,
                                        windows,
                                        aggregate.aggregate().get(),
                                        new Describe<>(aggregate),
                                        late),
                restored,
                2);
    }

    /**
     * The keyed paned operator alone: every event reaches it as it is, as if PreAggregatePanes
     * forwarded all.
     */
    private static <IN, K, ACC> SingleOutputStreamOperator<Row> panesOnly(
            DataStream<IN> stream,
            KeySelector<IN, K> key,
            WindowSpec windows,
            AggregateFunction<IN, ACC, ACC> aggregate,
            Describe<ACC, K> emit,
            OutputTag<IN> late) {
        TypeInformation<K> keyType = TypeExtractor.getKeySelectorTypes(key, stream.getType());
        TypeInformation<ACC> accumulator =
                TypeExtractor.getAggregateFunctionAccumulatorType(
                        aggregate, stream.getType(), null, false);
        TypeInformation<Either<IN, Tuple3<K, Long, ACC>>> either =
                new EitherTypeInfo<>(
                        stream.getType(), new TupleTypeInfo<>(keyType, Types.LONG, accumulator));
        KeySelector<Either<IN, Tuple3<K, Long, ACC>>, K> eventKey = e -> key.getKey(e.left());
        return stream.map(e -> Either.<IN, Tuple3<K, Long, ACC>>Left(e))
                .returns(either)
                .keyBy(eventKey, keyType)
                .process(
                        new PanedWindowAggregate<>(windows, aggregate, emit, accumulator, late),
                        TypeInformation.of(Row.class));
    }

    /**
     * The records of one watermark, in a fixed order: the operators emit a watermark's windows in
     * any order.
     */
    private static List<StreamRecord<Row>> sorted(List<StreamRecord<Row>> records) {
        List<StreamRecord<Row>> copy = new ArrayList<>(records);
        copy.sort(
                Comparator.<StreamRecord<Row>>comparingLong(StreamRecord::getTimestamp)
                        .thenComparing(r -> r.getValue().key)
                        .thenComparingLong(r -> r.getValue().start));
        return copy;
    }

    private static void assertSameRows(
            List<StreamRecord<Row>> expected,
            List<StreamRecord<Row>> actual,
            boolean exactSums,
            String when) {
        List<String> want = expected.stream().map(PanedWindowAggregateTest::describe).toList();
        assertThat(actual.stream().map(PanedWindowAggregateTest::describe).toList())
                .as(when)
                .isEqualTo(want);
        for (int i = 0; i < expected.size(); i++) {
            double[] sums = expected.get(i).getValue().sums, ours = actual.get(i).getValue().sums;
            for (int s = 0; s < sums.length; s++) {
                String what = when + ", " + want.get(i) + ", sum " + s;
                if (exactSums) {
                    assertThat(ours[s]).as(what).isEqualTo(sums[s]);
                } else {
                    assertThat(ProductionAggregates.closeEnough(sums[s], ours[s]))
                            .as(what + ": " + sums[s] + " vs " + ours[s])
                            .isTrue();
                }
            }
        }
    }

    private static String describe(StreamRecord<Row> r) {
        Row row = r.getValue();
        return r.getTimestamp()
                + " "
                + row.key
                + " ["
                + row.start
                + ","
                + row.end
                + ") "
                + row.exact;
    }

    @ParameterizedTest(name = "{0}, {1}, pre-aggregated {2}")
    @MethodSource("cases")
    <IN, K, ACC> void sameWindowsAndLateEventsAsFlinksWindowOperator(
            Case<IN, K, ACC> aggregate, Shape shape, boolean preAggregate) throws Exception {
        List<Step<IN>> steps = script(aggregate, shape, 2000);
        boolean exactSums = shape.size() == shape.slide() && !preAggregate;
        int emitted = 0;
        List<String> oursLate = new ArrayList<>();
        try (var flink = flinks(aggregate, shape);
                var ours = panes(aggregate, shape, preAggregate, null)) {
            var current = ours;
            for (int i = 0; i < steps.size(); i++) {
                Step<IN> s = steps.get(i);
                flink.add(s.event(), s.timestamp(), s.channel());
                current.add(s.event(), s.timestamp(), s.channel());
                if (s.watermark() != Long.MIN_VALUE) {
                    flink.watermark(s.watermark(), s.channel());
                    current.watermark(s.watermark(), s.channel());
                    List<StreamRecord<Row>> expected = sorted(flink.drainRecords());
                    assertSameRows(
                            expected,
                            sorted(current.drainRecords()),
                            exactSums,
                            "after watermark " + s.watermark());
                    emitted += expected.size();
                }
                if (i
                        == steps.size()
                                / 2) { // stop and resume from a snapshot: the rest must not notice
                    OperatorSubtaskState snapshot = current.snapshot();
                    oursLate.addAll(ids(aggregate, current.lateEvents()));
                    var restored = panes(aggregate, shape, preAggregate, snapshot);
                    for (int channel = 0;
                            channel < 2;
                            channel++) { // the sources' watermarks, as after a restart
                        if (current.channelWatermark(channel) != Long.MIN_VALUE) {
                            restored.watermark(current.channelWatermark(channel), channel);
                        }
                    }
                    assertThat(restored.drainRecords())
                            .as("nothing fires twice after the restore")
                            .isEmpty();
                    current = restored;
                }
            }
            for (int channel = 0; channel < 2; channel++) {
                flink.watermark(Long.MAX_VALUE, channel);
                current.watermark(Long.MAX_VALUE, channel);
            }
            List<StreamRecord<Row>> expected = sorted(flink.drainRecords());
            assertSameRows(expected, sorted(current.drainRecords()), exactSums, "at the end");
            emitted += expected.size();
            oursLate.addAll(ids(aggregate, current.lateEvents()));
            assertThat(oursLate)
                    .as("late events")
                    .isEqualTo(ids(aggregate, flink.lateEvents()))
                    .isNotEmpty();
            assertThat(current.harness.numKeyedStateEntries()).as("all panes dropped").isZero();
            assertThat(current.harness.numEventTimeTimers()).isZero();
            current.close();
        }
        assertThat(emitted).as("the script must produce windows").isGreaterThan(20);
    }

    private static <IN> List<String> ids(Case<IN, ?, ?> aggregate, List<IN> events) {
        return events.stream().map(aggregate.id()).toList();
    }
}
