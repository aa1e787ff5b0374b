package dev.flinkrecipes.core.windows;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.types.Either;

/**
 * Combines events into per-key pane partials before the keyBy (what Spark and Flink SQL call local
 * or two-phase aggregation), so the shuffle and the keyed window state see one partial per key and
 * pane per watermark instead of every event. Output: {@code Left(event)} for an event that must be
 * judged by the window operator itself, {@code Right((key, pane, partial))} otherwise.
 *
 * <p>Exactly the same windows and late events as without it. The window operator's watermark is the
 * minimum over its input channels, so it is never ahead of this operator's own. An event is
 * combined only while none of its pane's windows has closed here, and a pane's partial is sent
 * before the watermark that closes its first window: it always reaches the window operator before
 * any window it belongs to fires there. Every other event goes through as it is (the window
 * operator puts it in its open windows, or to the late output). Partials are also flushed before
 * each checkpoint barrier (so this operator has no state) and at the end of input.
 *
 * <p>After an idle period: with one instance of this operator, the window operator's only input is
 * this one, so its watermark is still the one this operator forwarded last, and the rule above
 * holds as before: combining goes on. With several, the others may have moved the window operator's
 * watermark on while this one was idle, and this one cannot see that (Flink gives an operator no
 * view of the watermark after the shuffle): its events may be late there but not here, and a
 * combined partial could no longer go to the late output event by event. So after an idle period an
 * instance of a parallel operator only forwards events.
 *
 * <p>In update and complete modes ({@link Emission#early()}) the partials are also flushed shortly
 * before each trigger, so the window operator's early rows include the events combined here.
 */
public final class PreAggregatePanes<K, IN, ACC>
        extends AbstractStreamOperator<Either<IN, Tuple3<K, Long, ACC>>>
        implements OneInputStreamOperator<IN, Either<IN, Tuple3<K, Long, ACC>>> {
    private static final long serialVersionUID = 1L;

    /**
     * Flushes early beyond this many open partials (a key space too large to combine much anyway).
     */
    static final int MAX_PARTIALS = 10_000;

    private final WindowSpec windows;
    private final KeySelector<IN, K> key;
    private final AggregateFunction<IN, ACC, ACC> aggregate;
    private final Emission emission;

    private transient Map<PaneKey<K>, ACC> partials;
    private transient long watermark;
    private transient boolean forwardOnly;

    /** No other instance can move the window operator's watermark on: see the class comment. */
    private transient boolean onlyInstance;

    private record PaneKey<K>(K key, long pane) {}

    public PreAggregatePanes(
            WindowSpec windows, KeySelector<IN, K> key, AggregateFunction<IN, ACC, ACC> aggregate) {
        this(windows, key, aggregate, Emission.APPEND);
    }

    public PreAggregatePanes(
            WindowSpec windows,
            KeySelector<IN, K> key,
            AggregateFunction<IN, ACC, ACC> aggregate,
            Emission emission) {
        this.emission = emission;
        this.windows = windows;
        this.key = key;
        this.aggregate = aggregate;
    }

    @Override
    public void open() throws Exception {
        super.open();
        partials = new HashMap<>();
        watermark = Long.MIN_VALUE;
        onlyInstance = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks() == 1;
        if (emission.early()) {
            scheduleFlushBeforeTrigger(getProcessingTimeService().getCurrentProcessingTime());
        }
    }

    /**
     * Early modes: flush a little before the next trigger (a tenth of the interval, at most 200
     * ms).
     */
    private void scheduleFlushBeforeTrigger(long now) {
        long lead = Math.min(emission.triggerMillis() / 10, 200);
        long at = emission.nextTrigger(now + lead) - lead;
        getProcessingTimeService()
                .registerTimer(
                        at,
                        time -> {
                            flush(Long.MAX_VALUE);
                            scheduleFlushBeforeTrigger(time);
                        });
    }

    @Override
    public void processElement(StreamRecord<IN> record) throws Exception {
        IN event = record.getValue();
        if (!record.hasTimestamp()) {
            throw new IllegalStateException(
                    "event-time windows need timestamps: assign them before the window");
        }
        long pane = windows.paneStart(record.getTimestamp());
        if (forwardOnly || pane + windows.slideMillis() - 1 <= watermark) {
            output.collect(record.replace(Either.Left(event)));
            return;
        }
        PaneKey<K> at = new PaneKey<>(key.getKey(event), pane);
        ACC acc = partials.get(at);
        partials.put(at, aggregate.add(event, acc == null ? aggregate.createAccumulator() : acc));
        if (partials.size() > MAX_PARTIALS) {
            flush(Long.MAX_VALUE);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush(mark.getTimestamp());
        watermark = mark.getTimestamp();
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (status.isIdle()) {
            flush(Long.MAX_VALUE);
            forwardOnly = !onlyInstance;
        }
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush(Long.MAX_VALUE);
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush(Long.MAX_VALUE);
        super.finish();
    }

    /** Sends the partials of every pane whose first window closes at {@code upTo}. */
    private void flush(long upTo) {
        for (Iterator<Map.Entry<PaneKey<K>, ACC>> it = partials.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<PaneKey<K>, ACC> e = it.next();
            long pane = e.getKey().pane();
            if (upTo == Long.MAX_VALUE || pane + windows.slideMillis() - 1 <= upTo) {
                output.collect(
                        new StreamRecord<>(
                                Either.Right(Tuple3.of(e.getKey().key(), pane, e.getValue())),
                                pane));
                it.remove();
            }
        }
    }
}
