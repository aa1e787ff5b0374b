package dev.flinkrecipes.recommendations;

import java.time.Duration;
import java.util.ArrayList;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Step 1, keyed by user: keeps the user's profile. On the first purchase of an item it pairs the
 * item with every item the user bought before (each pair both ways, for the per-item step), then
 * asks for recommendations. A repeat purchase changes no co-purchase count but still asks.
 */
public final class TrackUserPurchases
        extends KeyedProcessFunction<String, UserAction, CoPurchaseEvent> {
    private final Duration profileTtl;
    private transient ValueState<UserProfile> profile;

    public TrackUserPurchases(Duration profileTtl) {
        this.profileTtl = profileTtl;
    }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<UserProfile> d =
                new ValueStateDescriptor<>("profile", UserProfile.class);
        if (!profileTtl.isZero()) d.enableTimeToLive(StateTtlConfig.newBuilder(profileTtl).build());
        profile = getRuntimeContext().getState(d);
    }

    @Override
    public void processElement(UserAction a, Context ctx, Collector<CoPurchaseEvent> out)
            throws Exception {
        UserProfile p = profile.value();
        if (p == null) p = new UserProfile();
        switch (a.action) {
            case "view" -> p.views++;
            case "click" -> p.clicks++;
            default -> {
                p.purchases++;
                if (!p.bought.contains(a.itemId)) {
                    for (String other : p.bought) {
                        out.collect(CoPurchaseEvent.pair(a.itemId, other));
                        out.collect(CoPurchaseEvent.pair(other, a.itemId));
                    }
                    p.bought.add(a.itemId);
                }
                out.collect(
                        CoPurchaseEvent.request(
                                a.userId, a.itemId, a.timestamp, new ArrayList<>(p.bought)));
            }
        }
        profile.update(p);
    }
}
