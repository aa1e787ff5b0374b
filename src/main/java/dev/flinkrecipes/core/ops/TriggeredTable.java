package dev.flinkrecipes.core.ops;

import dev.flinkrecipes.core.options.OutputMode;
import dev.flinkrecipes.core.windows.TriggerRounds;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * An aggregate per key (no event-time window), emitted the way Spark's output modes do, at
 * processing-time triggers aligned to multiples of the interval, so all keys emit together, as one
 * Spark micro-batch would:
 *
 * <ul>
 *   <li>complete: every key's running row, at each trigger that had new input (Spark runs no batch
 *       without new data). "New input" is per parallel instance: at parallelism 1, Spark's rule
 *       exactly; above it, an instance that received nothing since the last trigger stays quiet.
 *   <li>update: the rows changed since the last trigger; with a trigger of 0, every change at once
 *       (an upsert stream, Spark's update mode at its fastest).
 *   <li>append: each trigger's batch on its own (the aggregate of the records that arrived in it,
 *       then forgotten): the documents' DStream form, whose rows are final once written.
 * </ul>
 *
 * When a bounded input ends (the end-of-input watermark), what the input held and no trigger has
 * written yet is written in one last batch, like Spark's final availableNow batch: a file read once
 * still shows its result, in every mode. (Processing-time timers, and Flink's processing-time
 * windows with them, never fire after the input ends: that is why the end is an event-time timer.)
 */
public final class TriggeredTable<IN, ACC, OUT> extends KeyedProcessFunction<String, IN, OUT> {

    /** Makes the output row of a key from its aggregate and the trigger time (the "batch"). */
    @FunctionalInterface
    public interface Row<ACC, OUT> extends Serializable {
        OUT of(String key, ACC aggregate, long triggerTime);
    }

    private final AggregateFunction<IN, ACC, ACC> aggregate;
    private final TypeInformation<ACC> accType;
    private final Row<ACC, OUT> row;
    private final OutputMode mode;
    private final long triggerMillis;
    private Duration stateTtl = Duration.ZERO;
    private transient ValueState<ACC> value;
    private transient ValueState<Boolean> changed;

    /** Complete mode: no batch without new data. */
    private transient TriggerRounds rounds;

    public TriggeredTable(
            AggregateFunction<IN, ACC, ACC> aggregate,
            TypeInformation<ACC> accType,
            Row<ACC, OUT> row,
            OutputMode mode,
            long triggerMillis) {
        if (triggerMillis < 0 || mode != OutputMode.update && triggerMillis == 0) {
            throw new IllegalArgumentException(mode + " mode needs a trigger interval above 0");
        }
        this.aggregate = aggregate;
        this.accType = accType;
        this.row = row;
        this.mode = mode;
        this.triggerMillis = triggerMillis;
    }

    /**
     * Forgets a key not updated for this long (processing time), so state stays bounded; the next
     * record starts anew.
     */
    public TriggeredTable<IN, ACC, OUT> withStateTtl(Duration ttl) {
        this.stateTtl = ttl;
        return this;
    }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<ACC> descriptor = new ValueStateDescriptor<>("value", accType);
        if (!stateTtl.isZero()) {
            descriptor.enableTimeToLive(
                    StateTtlConfig.newBuilder(stateTtl)
                            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                            .build());
        }
        value = getRuntimeContext().getState(descriptor);
        rounds = new TriggerRounds();
        changed =
                getRuntimeContext().getState(new ValueStateDescriptor<>("changed", Types.BOOLEAN));
    }

    @Override
    public void processElement(IN in, Context ctx, Collector<OUT> out) throws Exception {
        ACC acc = value.value();
        boolean first = acc == null;
        acc = aggregate.add(in, first ? aggregate.createAccumulator() : acc);
        value.update(acc);
        rounds.input();
        if (triggerMillis == 0) { // every change at once
            out.collect(
                    row.of(
                            ctx.getCurrentKey(),
                            aggregate.getResult(acc),
                            ctx.timerService().currentProcessingTime()));
            return;
        }
        // complete: a key new to the table starts its own recurring trigger; update: the next
        // trigger only; append: a key new to the batch (its aggregate was cleared by the last one).
        if (first || mode == OutputMode.update && changed.value() == null) {
            ctx.timerService()
                    .registerProcessingTimeTimer(
                            nextTrigger(ctx.timerService().currentProcessingTime()));
        }
        if (first) {
            ctx.timerService()
                    .registerEventTimeTimer(
                            Long.MAX_VALUE); // fires only at the end of a bounded input
        }
        changed.update(true);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) throws Exception {
        boolean endOfInput = ctx.timeDomain() == TimeDomain.EVENT_TIME;
        ACC acc = value.value();
        if (acc == null) { // expired (state TTL): the key has left the table
            changed.clear();
            return;
        }
        if (mode == OutputMode.update && endOfInput && changed.value() == null)
            return; // nothing new since the last trigger
        if (mode == OutputMode.complete) {
            if (!endOfInput) {
                ctx.timerService().registerProcessingTimeTimer(timestamp + triggerMillis);
            }
            if (!rounds.writes(timestamp)) return; // no batch without new data
        }
        // The final batch is stamped with the trigger it would have had, the same for every key.
        long batch =
                endOfInput ? nextTrigger(ctx.timerService().currentProcessingTime()) : timestamp;
        out.collect(row.of(ctx.getCurrentKey(), aggregate.getResult(acc), batch));
        changed.clear();
        if (mode == OutputMode.append) {
            value.clear(); // the batch is written and final; the next record starts the next
        }
    }

    private long nextTrigger(long now) {
        return (now / triggerMillis + 1) * triggerMillis;
    }
}
