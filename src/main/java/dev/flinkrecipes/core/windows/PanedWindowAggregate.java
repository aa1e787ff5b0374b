package dev.flinkrecipes.core.windows;

import dev.flinkrecipes.core.options.OutputMode;
import java.util.Collections;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.util.FunctionUtils;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incremental window aggregation over slide-sized panes: each event (or partial from {@link
 * PreAggregatePanes}) is added to one accumulator (its pane), and a window is the merge of its
 * {@code size / slide} panes when the watermark passes its end. Flink's window operator instead
 * adds a sliding window's event to every window it belongs to (5 accumulators and 5 timer checks
 * per event for 5 min / 1 min); here that cost is paid once per key and pane.
 *
 * <p>Same results and lateness as {@code
 * window(assigner).sideOutputLateData(late).aggregate(aggregate, emit)} without allowed lateness: a
 * window fires once, at its last millisecond, only if it got an event; it holds exactly the events
 * of its time range that arrived before it fired; an event goes to {@code late} only when every
 * window it belongs to has fired (an event whose first windows have fired still counts in the later
 * ones); results carry the window's last millisecond as their timestamp. A pane is dropped when its
 * last window fires, so state holds at most {@code size / slide} panes per key plus those the
 * watermark delay keeps.
 *
 * <p>Spark's output modes ({@link Emission}): in append mode that final row is all there is. In
 * update mode a processing-time trigger (aligned to multiples of the interval, so all keys emit
 * together, as one micro-batch) also emits the windows not yet fired that changed since the last
 * trigger, with their current values and {@code final = false}; complete mode emits every window
 * not yet fired at every trigger. The final row then says {@code final = true}. The early rows are
 * computed from the same panes, so the final row is the same in every mode; a key's trigger timer
 * is deleted with its last pane.
 *
 * <p>Assumes {@code aggregate.merge} agrees with {@code add}: merging the accumulators of any split
 * of the events equals adding them all into one, in any grouping (merge associative), an empty
 * accumulator changing nothing. Double sums hold this only up to rounding. PanedWindowAggregateTest
 * checks every aggregate the jobs use.
 */
public final class PanedWindowAggregate<K, IN, ACC, R>
        extends KeyedProcessFunction<K, Either<IN, Tuple3<K, Long, ACC>>, R> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PanedWindowAggregate.class);

    private final WindowSpec windows;
    private final AggregateFunction<IN, ACC, ACC> aggregate;
    private final ProcessWindowFunction<ACC, R, K, TimeWindow> emit;
    private final TypeInformation<ACC> accumulatorType;
    private final OutputTag<IN> late;
    private final Emission emission;

    private transient MapState<Long, ACC> panes;

    /** Update mode: the panes changed since the last trigger. */
    private transient MapState<Long, Boolean> changed;

    /** Update and complete modes: the key's pending trigger, deleted with its last pane. */
    private transient ValueState<Long> trigger;

    private transient TypeSerializer<ACC> accumulators;
    private transient Counter latePartials;
    private transient boolean loggedLatePartial;

    /** Complete mode: no batch without new data. */
    private transient TriggerRounds rounds;

    public PanedWindowAggregate(
            WindowSpec windows,
            AggregateFunction<IN, ACC, ACC> aggregate,
            ProcessWindowFunction<ACC, R, K, TimeWindow> emit,
            TypeInformation<ACC> accumulatorType,
            OutputTag<IN> late) {
        this(windows, aggregate, emit, accumulatorType, late, Emission.APPEND);
    }

    public PanedWindowAggregate(
            WindowSpec windows,
            AggregateFunction<IN, ACC, ACC> aggregate,
            ProcessWindowFunction<ACC, R, K, TimeWindow> emit,
            TypeInformation<ACC> accumulatorType,
            OutputTag<IN> late,
            Emission emission) {
        this.emission = emission;
        this.windows = windows;
        this.aggregate = aggregate;
        this.emit = emit;
        this.accumulatorType = accumulatorType;
        this.late = late;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        panes =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("panes", Types.LONG, accumulatorType));
        accumulators = getRuntimeContext().createSerializer(accumulatorType);
        latePartials = getRuntimeContext().getMetricGroup().counter("latePartials");
        rounds = new TriggerRounds();
        if (emission.early()) {
            trigger =
                    getRuntimeContext().getState(new ValueStateDescriptor<>("trigger", Types.LONG));
            if (emission.mode() == OutputMode.update) {
                changed =
                        getRuntimeContext()
                                .getMapState(
                                        new MapStateDescriptor<>(
                                                "changed", Types.LONG, Types.BOOLEAN));
            }
        }
        FunctionUtils.setFunctionRuntimeContext(emit, getRuntimeContext());
        FunctionUtils.openFunction(emit, openContext);
    }

    @Override
    public void close() throws Exception {
        FunctionUtils.closeFunction(emit);
    }

    @Override
    public void processElement(
            Either<IN, Tuple3<K, Long, ACC>> input, Context ctx, Collector<R> out)
            throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        if (input.isRight()) { // a partial from PreAggregatePanes: on time by construction, see
            // latePartial()
            long pane = input.right().f1;
            if (pane + windows.sizeMillis() - 1 <= watermark) {
                latePartial(pane, watermark);
                return;
            }
            // Its windows that have not fired get it (only its first may have, see latePartial()),
            // as an event's do.
            ACC acc = pane(pane, watermark, ctx);
            panes.put(
                    pane, acc == null ? input.right().f2 : aggregate.merge(acc, input.right().f2));
            changed(pane, ctx);
            return;
        }
        IN event = input.left();
        Long timestamp = ctx.timestamp();
        if (timestamp == null) {
            throw new IllegalStateException(
                    "event-time windows need timestamps: assign them before the window");
        }
        long pane = windows.paneStart(timestamp);
        if (pane + windows.sizeMillis() - 1 <= watermark) { // the pane's last window has fired
            ctx.output(late, event);
            return;
        }
        ACC acc = pane(pane, watermark, ctx);
        panes.put(pane, aggregate.add(event, acc == null ? aggregate.createAccumulator() : acc));
        changed(pane, ctx);
    }

    /** Early modes: the pane is marked changed (update) and the key has a trigger pending. */
    private void changed(long pane, Context ctx) throws Exception {
        if (!emission.early()) return;
        rounds.input();
        if (changed != null) changed.put(pane, Boolean.TRUE);
        if (trigger.value() == null) {
            long at = emission.nextTrigger(ctx.timerService().currentProcessingTime());
            ctx.timerService().registerProcessingTimeTimer(at);
            trigger.update(at);
        }
    }

    /**
     * A partial all of whose windows have fired. PreAggregatePanes sends a partial before the
     * watermark that closes its pane's first window, so this operator, whose watermark is the
     * minimum of its inputs', cannot be past it: it takes a broken assumption (an upstream
     * watermark that went back, an input counted idle that was not) to see one, and it must not
     * fail the job, which would restart onto the same stream. It cannot go to the late output
     * either (it is an accumulator, not an event): it is counted in {@code latePartials} and logged
     * once.
     */
    private void latePartial(long pane, long watermark) {
        latePartials.inc();
        if (!loggedLatePartial) {
            loggedLatePartial = true;
            LOG.warn(
                    "A pre-aggregated pane arrived after all its windows fired (pane {}, watermark"
                            + " {}): dropped and counted in latePartials; further ones are only"
                            + " counted",
                    pane,
                    watermark);
        }
    }

    /**
     * The pane's accumulator, or null for a new pane: then its windows that have not fired get
     * their timers.
     */
    private ACC pane(long pane, long watermark, Context ctx) throws Exception {
        ACC acc = panes.get(pane);
        if (acc == null) {
            // One timer per window the pane belongs to that has not fired; other panes share them.
            for (long end = pane + windows.slideMillis();
                    end <= pane + windows.sizeMillis();
                    end += windows.slideMillis()) {
                if (end - 1 > watermark) {
                    ctx.timerService().registerEventTimeTimer(end - 1);
                }
            }
        }
        return acc;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<R> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            if (emission.early())
                trigger(
                        timestamp, ctx,
                        out); // else a trigger restored into append mode: nothing to do
            return;
        }
        long end = timestamp + 1;
        long start = end - windows.sizeMillis();
        // The final row of an early mode goes with the next trigger's batch, as Spark's would.
        Long batch =
                emission.early()
                        ? emission.nextTrigger(ctx.timerService().currentProcessingTime())
                        : null;
        emitWindow(start, ctx, new Stamped(out, batch, emission.early() ? Boolean.TRUE : null));
        panes.remove(start); // its last window
        if (changed != null) changed.remove(start);
        if (panes.isEmpty()) {
            panes.clear();
            if (emission.early()) { // no row left to update: no trigger either
                Long pending = trigger.value();
                if (pending != null) ctx.timerService().deleteProcessingTimeTimer(pending);
                trigger.clear();
                if (changed != null) changed.clear();
            }
        }
    }

    /** Emits the window starting at {@code start} from its panes, if it has any. */
    private void emitWindow(long start, OnTimerContext ctx, Collector<R> out) throws Exception {
        long end = start + windows.sizeMillis();
        ACC window = null;
        for (long pane = start; pane < end; pane += windows.slideMillis()) {
            ACC acc = panes.get(pane);
            if (acc != null) {
                // Copies: merge may change either argument, and the panes live on for the next
                // windows.
                ACC copy = accumulators.copy(acc);
                window = window == null ? copy : aggregate.merge(window, copy);
            }
        }
        if (window != null) {
            emit.process(
                    ctx.getCurrentKey(),
                    new WindowContext(emit, new TimeWindow(start, end), ctx),
                    Collections.singletonList(aggregate.getResult(window)),
                    out);
        }
    }

    /**
     * A processing-time trigger of update or complete mode: the open windows (not fired yet) with a
     * changed pane, or all of them (complete mode, when the instance had input since the last
     * trigger: {@link TriggerRounds}), in order of their start, as early rows; then the next
     * trigger, while the key has panes.
     */
    private void trigger(long timestamp, OnTimerContext ctx, Collector<R> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        TreeSet<Long> starts = new TreeSet<>();
        Iterable<Long> touched =
                emission.mode() == OutputMode.update ? changed.keys() : panes.keys();
        for (long pane : touched) {
            for (long start = pane - windows.sizeMillis() + windows.slideMillis();
                    start <= pane;
                    start += windows.slideMillis()) {
                if (start + windows.sizeMillis() - 1 > watermark) starts.add(start);
            }
        }
        Collector<R> early = new Stamped(out, timestamp, Boolean.FALSE);
        boolean writes = emission.mode() == OutputMode.update || rounds.writes(timestamp);
        if (writes) {
            for (long start : starts) emitWindow(start, ctx, early);
        }
        if (changed != null) changed.clear();
        if (emission.mode() == OutputMode.complete && !panes.isEmpty()) {
            long next = timestamp + emission.triggerMillis();
            ctx.timerService().registerProcessingTimeTimer(next);
            trigger.update(next);
        } else {
            trigger.clear(); // update: the next change registers the next trigger
        }
    }

    /**
     * Stamps the rows that are {@link WindowRow}s with their batch and whether they are final
     * (early modes).
     */
    private final class Stamped implements Collector<R> {
        private final Collector<R> out;
        private final Long batch;
        private final Boolean isFinal;

        Stamped(Collector<R> out, Long batch, Boolean isFinal) {
            this.out = out;
            this.batch = batch;
            this.isFinal = isFinal;
        }

        @Override
        public void collect(R row) {
            if (row instanceof WindowRow w) {
                w.batch = batch;
                w.isFinal = isFinal;
            }
            out.collect(row);
        }

        @Override
        public void close() {
            out.close();
        }
    }

    /** What the window function sees of the window; per-window state does not exist here. */
    private final class WindowContext extends ProcessWindowFunction<ACC, R, K, TimeWindow>.Context {
        private static final long serialVersionUID = 1L;
        private final TimeWindow window;
        private final transient OnTimerContext timer;

        WindowContext(
                ProcessWindowFunction<ACC, R, K, TimeWindow> function,
                TimeWindow window,
                OnTimerContext timer) {
            function.super();
            this.window = window;
            this.timer = timer;
        }

        @Override
        public TimeWindow window() {
            return window;
        }

        @Override
        public long currentProcessingTime() {
            return timer.timerService().currentProcessingTime();
        }

        @Override
        public long currentWatermark() {
            return timer.timerService().currentWatermark();
        }

        @Override
        public KeyedStateStore windowState() {
            throw new UnsupportedOperationException("paned windows keep no per-window state");
        }

        @Override
        public KeyedStateStore globalState() {
            throw new UnsupportedOperationException("paned windows keep no global window state");
        }

        @Override
        public <X> void output(OutputTag<X> tag, X value) {
            timer.output(tag, value);
        }
    }
}
