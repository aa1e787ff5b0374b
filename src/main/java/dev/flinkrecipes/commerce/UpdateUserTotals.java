package dev.flinkrecipes.commerce;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Spark's {@code groupBy("user_id").agg(...)} in update mode: the totals of each user in keyed
 * state (no window), and on every event the user's new totals as an upsert. With a TTL, a user idle
 * for that long is forgotten (state stays bounded); the next event starts from zero.
 */
public final class UpdateUserTotals
        extends KeyedProcessFunction<String, CommerceEvent, UserTotals> {
    private final Duration stateTtl;
    private transient ValueState<UserTotals> totals;

    /**
     * @param stateTtl how long an idle user's totals are kept; zero keeps them forever
     */
    public UpdateUserTotals(Duration stateTtl) {
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<UserTotals> descriptor =
                new ValueStateDescriptor<>("user-totals", UserTotals.class);
        if (!stateTtl.isZero()) {
            descriptor.enableTimeToLive(
                    StateTtlConfig.newBuilder(stateTtl)
                            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                            .build());
        }
        totals = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(CommerceEvent event, Context ctx, Collector<UserTotals> out)
            throws Exception {
        UserTotals current = totals.value();
        if (current == null) current = new UserTotals(event.userId);
        current.add(event);
        totals.update(current);
        out.collect(current.snapshot());
    }
}
