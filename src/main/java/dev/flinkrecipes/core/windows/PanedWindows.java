package dev.flinkrecipes.core.windows;

import dev.flinkrecipes.core.options.DurationConverter;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;

/**
 * Flink's {@code keyBy(key).window(windows).sideOutputLateData(late).aggregate(aggregate, emit)},
 * written the same way, run by two operators that keep one accumulator per key and slide-sized pane
 * (not the window's events, nor a copy per sliding window) and combine panes before the shuffle:
 *
 * <pre>{@code
 * SingleOutputStreamOperator<LocationStats> stats =
 *         PanedWindows.keyBy(transactions, t -> t.location)
 *                 .window(WindowSpec.sliding(WINDOW, SLIDE))
 *                 .trigger(job.emission())
 *                 .sideOutputLateData(late)
 *                 .aggregate(new AmountStats.Aggregate(), new LocationStats.Emit(),
 *                         "location-panes", "Per location, 5 min sliding 1 min");
 * }</pre>
 *
 * {@code trigger} adds Spark's output modes (early rows in update and complete modes); without it a
 * window fires once, at its end (append). {@code aggregate} takes the uid and name because it adds
 * two operators: {@code uid + "-pre-aggregate"} before the shuffle, {@code uid} after it.
 *
 * <p>docs/paned-windows.md says why the jobs use it and what Flink's {@code WindowedStream} offers
 * that it does not (session windows, allowed lateness, custom triggers, evictors).
 */
public final class PanedWindows {
    private PanedWindows() {}

    public static <IN, K> Keyed<IN, K> keyBy(DataStream<IN> stream, KeySelector<IN, K> key) {
        return new Keyed<>(stream, key);
    }

    /** A stream and its key, waiting for its windows. */
    public record Keyed<IN, K>(DataStream<IN> stream, KeySelector<IN, K> key) {
        public Windowed<IN, K> window(WindowSpec windows) {
            return new Windowed<>(stream, key, windows, Emission.APPEND, null);
        }
    }

    /** Keyed windows: what fires them and where late events go, then their aggregate. */
    public record Windowed<IN, K>(
            DataStream<IN> stream,
            KeySelector<IN, K> key,
            WindowSpec windows,
            Emission emission,
            OutputTag<IN> late) {

        /** Spark's output mode and trigger ({@code --output-mode}, {@code --trigger}). */
        public Windowed<IN, K> trigger(Emission emission) {
            return new Windowed<>(stream, key, windows, emission, late);
        }

        /** Events behind the watermark, to {@code late}: never dropped silently. */
        public Windowed<IN, K> sideOutputLateData(OutputTag<IN> late) {
            return new Windowed<>(stream, key, windows, emission, late);
        }

        /**
         * Incremental {@code aggregate} per key and pane, the window's bounds added by {@code
         * emit}: a pre-aggregate operator chained before the shuffle ({@code uid +
         * "-pre-aggregate"}) and the keyed window operator after it ({@code uid}).
         */
        public <ACC, R> SingleOutputStreamOperator<R> aggregate(
                AggregateFunction<IN, ACC, ACC> aggregate,
                ProcessWindowFunction<ACC, R, K, TimeWindow> emit,
                String uid,
                String description) {
            Objects.requireNonNull(late, "sideOutputLateData: late events are never dropped");
            TypeInformation<K> keyType = TypeExtractor.getKeySelectorTypes(key, stream.getType());
            TypeInformation<ACC> accumulator =
                    TypeExtractor.getAggregateFunctionAccumulatorType(
                            aggregate, stream.getType(), null, false);
            TypeInformation<R> result =
                    TypeExtractor.getUnaryOperatorReturnType(
                            emit,
                            ProcessWindowFunction.class,
                            0,
                            1,
                            TypeExtractor.NO_INDEX,
                            accumulator,
                            null,
                            false);
            TypeInformation<Either<IN, Tuple3<K, Long, ACC>>> combined =
                    new EitherTypeInfo<>(
                            stream.getType(),
                            new TupleTypeInfo<>(keyType, Types.LONG, accumulator));
            SingleOutputStreamOperator<Either<IN, Tuple3<K, Long, ACC>>> preAggregated =
                    stream.transform(
                                    "Pre-aggregate panes",
                                    combined,
                                    new PreAggregatePanes<>(windows, key, aggregate, emission))
                            .uid(uid + "-pre-aggregate")
                            .name(description + ": pre-aggregate");
            // Chained to the operator before it, like a map: it only saves work if records reach
            // it by hand-over.
            ((OneInputTransformation<?, ?>) preAggregated.getTransformation())
                    .setChainingStrategy(ChainingStrategy.ALWAYS);
            return preAggregated
                    .keyBy(new EventOrPartialKey<>(key), keyType)
                    .process(
                            new PanedWindowAggregate<>(
                                    windows, aggregate, emit, accumulator, late, emission),
                            result)
                    .uid(uid)
                    .name(
                            description
                                    + (emission.early()
                                            ? " ("
                                                    + emission.mode()
                                                    + " every "
                                                    + DurationConverter.format(
                                                            Duration.ofMillis(
                                                                    emission.triggerMillis()))
                                                    + ")"
                                            : ""));
        }
    }

    /** The key of an event or of a partial (which carries it). */
    private record EventOrPartialKey<IN, K, ACC>(KeySelector<IN, K> key)
            implements KeySelector<Either<IN, Tuple3<K, Long, ACC>>, K> {
        @Override
        public K getKey(Either<IN, Tuple3<K, Long, ACC>> value) throws Exception {
            return value.isLeft() ? key.getKey(value.left()) : value.right().f0;
        }
    }
}
