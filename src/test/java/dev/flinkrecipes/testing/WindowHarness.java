package dev.flinkrecipes.testing;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.windows.Emission;
import dev.flinkrecipes.core.windows.PanedWindows;
import dev.flinkrecipes.core.windows.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.transformations.PartitionTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.OutputTag;

/**
 * Operator test harnesses around the window operators exactly as {@link PanedWindows} wires them
 * for the jobs (the pre-aggregation before the shuffle, its output handed over in order to the
 * keyed window operator, as one channel): records and watermarks in, window results and late events
 * out, state and timers of the window operator inspectable.
 */
public final class WindowHarness<IN, K, ACC, R> implements AutoCloseable {
    /** The keyed window operator. */
    public final KeyedOneInputStreamOperatorTestHarness<K, Object, R> harness;

    /** The operator before the shuffle, one per input channel, if the wiring has one. */
    private final List<OneInputStreamOperatorTestHarness<IN, Object>> before = new ArrayList<>();

    /**
     * Each channel's last watermark: the window operator's is their minimum, as a task's input gate
     * makes it.
     */
    private final long[] channelWatermarks;

    private long forwardedWatermark = Long.MIN_VALUE;
    private final OutputTag<IN> late;

    public WindowHarness(
            Class<IN> type,
            IN sample,
            KeySelector<IN, K> key,
            WindowSpec windows,
            AggregateFunction<IN, ACC, ACC> aggregate,
            ProcessWindowFunction<ACC, R, K, TimeWindow> emit)
            throws Exception {
        this(
                type,
                sample,
                key,
                (stream, k, late) ->
                        PanedWindows.keyBy(stream, k)
                                .window(windows)
                                .trigger(Emission.APPEND)
                                .sideOutputLateData(late)
                                .aggregate(aggregate, emit, "windows", "windows"),
                null,
                1);
    }

    /** Wires the operators under test onto a stream, late events to {@code late}. */
    @FunctionalInterface
    public interface Wiring<IN, K, R> {
        SingleOutputStreamOperator<R> wire(
                DataStream<IN> stream, KeySelector<IN, K> key, OutputTag<IN> late);
    }

    /**
     * Any keyed operator with a late output, with or without a chained operator before its shuffle
     * (e.g. Flink's own window operator to compare with), started from {@code restored} (a {@link
     * #snapshot()}) unless null, fed by {@code channels} upstream instances.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public WindowHarness(
            Class<IN> type,
            IN sample,
            KeySelector<IN, K> key,
            Wiring<IN, K, R> wiring,
            OperatorSubtaskState restored,
            int channels)
            throws Exception {
        channelWatermarks = new long[channels];
        java.util.Arrays.fill(channelWatermarks, Long.MIN_VALUE);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<IN> stream = env.fromData(type, sample);
        late = StreamJob.lateEvents(stream);
        SingleOutputStreamOperator<R> out = wiring.wire(stream, key, late);
        OneInputTransformation<Object, R> keyed =
                (OneInputTransformation<Object, R>) out.getTransformation();
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        keyed.getOperatorFactory(),
                        (KeySelector<Object, K>) keyed.getStateKeySelector(),
                        (TypeInformation<K>) keyed.getStateKeyType());
        Transformation<?> shuffle = keyed.getInputs().get(0);
        Transformation<?> upstream =
                shuffle instanceof PartitionTransformation<?> p ? p.getInputs().get(0) : null;
        if (upstream instanceof OneInputTransformation<?, ?> pre
                && pre != stream.getTransformation()) {
            for (int i = 0; i < channels; i++) {
                // One copy of the operator per channel, as each parallel instance has its own.
                var operator =
                        (OneInputStreamOperator<IN, Object>)
                                InstantiationUtil.clone(
                                        (java.io.Serializable)
                                                ((SimpleOperatorFactory<?>)
                                                                pre.getOperatorFactory())
                                                        .getOperator());
                var h = new OneInputStreamOperatorTestHarness<IN, Object>(operator);
                h.setup(
                        ((TypeInformation<Object>) pre.getOutputType())
                                .createSerializer(new SerializerConfigImpl()));
                h.open();
                before.add(h);
            }
        }
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
    }

    public void add(IN element, long timestamp) throws Exception {
        add(element, timestamp, 0);
    }

    public void add(IN element, long timestamp, int channel) throws Exception {
        if (before.isEmpty()) {
            harness.processElement(new StreamRecord<>(element, timestamp));
        } else {
            before.get(channel).processElement(new StreamRecord<>(element, timestamp));
            handOver(channel);
        }
    }

    public void watermark(long timestamp) throws Exception {
        watermark(timestamp, 0);
    }

    public void watermark(long timestamp, int channel) throws Exception {
        if (before.isEmpty()) {
            channelWatermark(channel, timestamp);
        } else {
            before.get(channel).processWatermark(new Watermark(timestamp));
            handOver(channel);
        }
    }

    /**
     * Moves every operator's processing-time clock to {@code time}: first the operators before the
     * shuffle (their output handed over), then the window operator, whose triggers fire.
     */
    public void processingTime(long time) throws Exception {
        for (int i = 0; i < before.size(); i++) {
            before.get(i).setProcessingTime(time);
            handOver(i);
        }
        harness.setProcessingTime(time);
    }

    /**
     * The last watermark {@code channel} sent (a restored harness starts without: sources send
     * theirs again).
     */
    public long channelWatermark(int channel) {
        return channelWatermarks[channel];
    }

    /** What the operator before the shuffle emitted, to the window operator, in order. */
    private void handOver(int channel) throws Exception {
        for (Object o : before.get(channel).getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                harness.processElement(new StreamRecord<>(r.getValue(), r.getTimestamp()));
            } else if (o instanceof Watermark w) {
                channelWatermark(channel, w.getTimestamp());
            }
        }
        before.get(channel).getOutput().clear();
    }

    private void channelWatermark(int channel, long timestamp) throws Exception {
        channelWatermarks[channel] = Math.max(channelWatermarks[channel], timestamp);
        long min = java.util.Arrays.stream(channelWatermarks).min().orElseThrow();
        if (min > forwardedWatermark) {
            forwardedWatermark = min;
            harness.processWatermark(new Watermark(min));
        }
    }

    /**
     * A checkpoint: the operator before the shuffle hands over what it holds, as before a barrier.
     */
    public OperatorSubtaskState snapshot() throws Exception {
        for (int i = 0; i < before.size(); i++) {
            before.get(i).prepareSnapshotPreBarrier(1L);
            handOver(i);
        }
        return harness.snapshot(1L, 1L);
    }

    /** The results emitted since the last call. */
    public List<R> drain() {
        List<R> values = harness.extractOutputValues();
        harness.getOutput().clear();
        return values;
    }

    /** The results emitted since the last call, with their timestamps. */
    public List<StreamRecord<R>> drainRecords() {
        List<StreamRecord<R>> records = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                @SuppressWarnings("unchecked")
                StreamRecord<R> typed = (StreamRecord<R>) r;
                records.add(typed);
            }
        }
        harness.getOutput().clear();
        return records;
    }

    public List<IN> lateEvents() {
        return harness.getSideOutput(late) == null
                ? List.of()
                : harness.getSideOutput(late).stream().map(StreamRecord::getValue).toList();
    }

    @Override
    public void close() throws Exception {
        for (var h : before) h.close();
        harness.close();
    }
}
