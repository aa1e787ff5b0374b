package dev.flinkrecipes.recommendations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Step 2, keyed by item: for each item, how many users bought it together with each other item. A
 * request gets the top {@code topN} of those counts, leaving out what the user owns; ties go to the
 * lower item id. The counts are bounded two ways: an item keeps at most {@code maxRelated} related
 * items (the least co-bought are pruned when it doubles that), and a count unused for {@code ttl}
 * expires.
 */
public final class RecommendFromCoPurchases
        extends KeyedProcessFunction<String, CoPurchaseEvent, Recommendation> {
    static final Comparator<Map.Entry<String, Long>> BEST_FIRST =
            Map.Entry.<String, Long>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey());

    private final int topN;
    private final int maxRelated;
    private final Duration ttl;
    private transient MapState<String, Long> coBought;

    public RecommendFromCoPurchases(int topN, int maxRelated, Duration ttl) {
        this.topN = topN;
        this.maxRelated = maxRelated;
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext context) {
        MapStateDescriptor<String, Long> d =
                new MapStateDescriptor<>("co-bought", Types.STRING, Types.LONG);
        if (!ttl.isZero()) d.enableTimeToLive(StateTtlConfig.newBuilder(ttl).build());
        coBought = getRuntimeContext().getMapState(d);
    }

    @Override
    public void processElement(CoPurchaseEvent e, Context ctx, Collector<Recommendation> out)
            throws Exception {
        if (CoPurchaseEvent.PAIR.equals(e.kind)) {
            Long n = coBought.get(e.other);
            coBought.put(e.other, n == null ? 1 : n + 1);
            prune();
            return;
        }
        Set<String> owned = new HashSet<>(e.owned);
        List<Map.Entry<String, Long>> candidates = new ArrayList<>();
        for (Map.Entry<String, Long> c : coBought.entries()) {
            if (!owned.contains(c.getKey())) candidates.add(Map.entry(c.getKey(), c.getValue()));
        }
        candidates.sort(BEST_FIRST);
        Recommendation r = new Recommendation();
        r.userId = e.userId;
        r.purchasedItem = e.item;
        r.timestamp = e.timestamp;
        for (Map.Entry<String, Long> c : candidates.subList(0, Math.min(topN, candidates.size()))) {
            r.recommendations.add(new Recommendation.RecommendedItem(c.getKey(), c.getValue()));
        }
        out.collect(r);
    }

    /** Keeps the {@code maxRelated} most co-bought items once the map holds twice as many. */
    private void prune() throws Exception {
        List<Map.Entry<String, Long>> all = new ArrayList<>();
        for (Map.Entry<String, Long> c : coBought.entries())
            all.add(Map.entry(c.getKey(), c.getValue()));
        if (all.size() <= 2 * maxRelated) return;
        all.sort(BEST_FIRST);
        for (Map.Entry<String, Long> dropped : all.subList(maxRelated, all.size()))
            coBought.remove(dropped.getKey());
    }
}
