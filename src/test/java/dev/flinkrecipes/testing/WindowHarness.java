package dev.flinkrecipes.testing;

import dev.flinkrecipes.core.StreamJob;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
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

    @SuppressWarnings("unchecked")
    public WindowHarness(Class<IN> type, IN sample, KeySelector<IN, K> key, WindowAssigner<Object, TimeWindow> windows,
                         AggregateFunction<IN, ACC, ACC> aggregate, ProcessWindowFunction<ACC, R, K, TimeWindow> emit)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KeyedStream<IN, K> keyed = env.fromData(type, sample).keyBy(key);
        late = StreamJob.lateEvents(keyed);
        SingleOutputStreamOperator<R> out = StreamJob.windowAggregate(keyed, windows, aggregate, emit, late);
        OneInputTransformation<IN, R> t = (OneInputTransformation<IN, R>) out.getTransformation();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(t.getOperatorFactory(),
                (KeySelector<IN, K>) t.getStateKeySelector(), (TypeInformation<K>) t.getStateKeyType());
        harness.open();
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
