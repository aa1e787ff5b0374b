package dev.flinkrecipes.testing;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.windows.EventTimeWindows;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

import java.util.List;

/**
 * An operator test harness around the window operator exactly as {@link StreamJob#windowAggregate}
 * wires it for the jobs: records and watermarks in, window results and late events out, state and
 * timers inspectable.
 */
public final class WindowHarness<IN, K, ACC, R> implements AutoCloseable {
    public final KeyedOneInputStreamOperatorTestHarness<K, IN, R> harness;
    private final OutputTag<IN> late;

    public WindowHarness(Class<IN> type, IN sample, KeySelector<IN, K> key, EventTimeWindows windows,
                         AggregateFunction<IN, ACC, ACC> aggregate, ProcessWindowFunction<ACC, R, K, TimeWindow> emit)
            throws Exception {
        this(type, sample, key, (keyed, late) -> StreamJob.windowAggregate(keyed, windows, aggregate, emit, late), null);
    }

    /** Wires the operator under test onto a keyed stream, late events to {@code late}. */
    @FunctionalInterface
    public interface Wiring<IN, K, R> {
        SingleOutputStreamOperator<R> wire(KeyedStream<IN, K> keyed, OutputTag<IN> late);
    }

    /**
     * Any keyed one-input operator with a late output (e.g. Flink's own window operator to compare with),
     * started from {@code restored} (a {@link #snapshot()}) unless it is null.
     */
    @SuppressWarnings("unchecked")
    public WindowHarness(Class<IN> type, IN sample, KeySelector<IN, K> key, Wiring<IN, K, R> wiring,
                         OperatorSubtaskState restored) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KeyedStream<IN, K> keyed = env.fromData(type, sample).keyBy(key);
        late = StreamJob.lateEvents(keyed);
        SingleOutputStreamOperator<R> out = wiring.wire(keyed, late);
        OneInputTransformation<IN, R> t = (OneInputTransformation<IN, R>) out.getTransformation();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(t.getOperatorFactory(),
                (KeySelector<IN, K>) t.getStateKeySelector(), (TypeInformation<K>) t.getStateKeyType());
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
    }

    public OperatorSubtaskState snapshot() throws Exception {
        return harness.snapshot(1L, 1L);
    }

    /** The results emitted since the last call, with their timestamps. */
    public List<StreamRecord<R>> drainRecords() {
        List<StreamRecord<R>> records = new java.util.ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                @SuppressWarnings("unchecked") StreamRecord<R> typed = (StreamRecord<R>) r;
                records.add(typed);
            }
        }
        harness.getOutput().clear();
        return records;
    }

    public void add(IN element, long timestamp) throws Exception {
        harness.processElement(new StreamRecord<>(element, timestamp));
    }

    public void watermark(long timestamp) throws Exception {
        harness.processWatermark(new Watermark(timestamp));
    }

    /** The results emitted since the last call. */
    public List<R> drain() {
        List<R> values = harness.extractOutputValues();
        harness.getOutput().clear();
        return values;
    }

    public List<IN> lateEvents() {
        return harness.getSideOutput(late) == null ? List.of()
                : harness.getSideOutput(late).stream().map(StreamRecord::getValue).toList();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
