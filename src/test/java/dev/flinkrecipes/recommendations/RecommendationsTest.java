package dev.flinkrecipes.recommendations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.core.options.StateBackendKind;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.InMemoryJob;
import dev.flinkrecipes.testing.OnEveryStateBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

/**
 * Recommendations: both keyed steps in harnesses (pairs, top-N, exclusions, pruning, TTL) and the
 * job on a file.
 */
@OnEveryStateBackend
class RecommendationsTest {
    @Parameter StateBackendKind stateBackend;

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    static final long T0 = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();

    static UserAction buy(String user, String item) {
        return new UserAction(user, "purchase", item, T0);
    }

    @Test
    void userStepPairsANewPurchaseWithEveryEarlierOneAndAsksForRecommendations() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, UserAction, CoPurchaseEvent> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new TrackUserPurchases(Duration.ZERO), a -> a.userId, Types.STRING);
        h.processElement(new UserAction("u1", "view", "a", T0), T0);
        h.processElement(buy("u1", "a"), T0);
        h.processElement(buy("u1", "b"), T0);
        h.processElement(buy("u1", "a"), T0); // a repeat: no new pair
        assertThat(h.extractOutputValues())
                .extracting(
                        e ->
                                e.kind
                                        + ":"
                                        + e.item
                                        + (e.other != null ? "+" + e.other : "")
                                        + (e.kind.equals("request") ? e.owned : ""))
                .containsExactly(
                        "request:a[a]",
                        "pair:b+a",
                        "pair:a+b",
                        "request:b[a, b]",
                        "request:a[a, b]");
        h.close();
    }

    @Test
    void itemStepRecommendsTheMostCoBoughtItemsTheUserDoesNotOwn() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CoPurchaseEvent, Recommendation> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new RecommendFromCoPurchases(2, 3, Duration.ZERO),
                        e -> e.item,
                        Types.STRING);
        for (String other : List.of("b", "b", "b", "c", "c", "d", "d", "e"))
            h.processElement(CoPurchaseEvent.pair("a", other), T0);
        h.processElement(CoPurchaseEvent.request("u9", "a", T0, List.of("a", "b")), T0);
        assertThat(h.extractOutputValues())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.userId).isEqualTo("u9");
                            assertThat(r.purchasedItem).isEqualTo("a");
                            // b is owned; c and d tie on 2: by item id
                            assertThat(r.recommendations)
                                    .extracting(i -> i.itemId + "=" + i.buyers)
                                    .containsExactly("c=2", "d=2");
                        });
        h.close();
    }

    @Test
    void anItemKeepsItsMostCoBoughtItemsOnlyOnceItHoldsTwiceTheLimit() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CoPurchaseEvent, Recommendation> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new RecommendFromCoPurchases(10, 3, Duration.ZERO),
                        e -> e.item,
                        Types.STRING);
        for (String other : List.of("b", "b", "b", "c", "c", "d", "d", "e", "f", "g"))
            h.processElement(CoPurchaseEvent.pair("a", other), T0);
        h.processElement(CoPurchaseEvent.request("u", "a", T0, List.of("a")), T0);
        h.processElement(
                CoPurchaseEvent.pair("a", "h"), T0); // 7 related items > 2 x 3: keep the best 3
        h.processElement(CoPurchaseEvent.request("u", "a", T0, List.of("a")), T0);
        List<Recommendation> out = h.extractOutputValues();
        assertThat(out.get(0).recommendations)
                .extracting(i -> i.itemId)
                .containsExactly("b", "c", "d", "e", "f", "g");
        assertThat(out.get(1).recommendations)
                .extracting(i -> i.itemId + "=" + i.buyers)
                .containsExactly("b=3", "c=2", "d=2");
        h.close();
    }

    @Test
    void coPurchaseCountsExpireAfterTheTtl() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CoPurchaseEvent, Recommendation> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new RecommendFromCoPurchases(5, 100, Duration.ofDays(1)),
                        e -> e.item,
                        Types.STRING);
        h.setStateTtlProcessingTime(0);
        h.processElement(CoPurchaseEvent.pair("a", "old"), T0);
        h.setStateTtlProcessingTime(Duration.ofDays(1).toMillis() + 1);
        h.processElement(CoPurchaseEvent.pair("a", "new"), T0);
        h.processElement(CoPurchaseEvent.request("u", "a", T0, List.of("a")), T0);
        assertThat(h.extractOutputValues())
                .singleElement()
                .satisfies(
                        r ->
                                assertThat(r.recommendations)
                                        .extracting(i -> i.itemId)
                                        .containsExactly("new"));
        h.close();
    }

    @Test
    void theJobRecommendsOnEveryPurchase() throws Exception {
        Random r = new Random(21);
        List<String> lines = new ArrayList<>();
        List<String[]> actions = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String user = "user_" + (1 + r.nextInt(30));
            String item = "item_" + (1 + r.nextInt(12));
            String action = r.nextInt(4) == 0 ? "purchase" : "view";
            actions.add(new String[] {user, item, action});
            lines.add(
                    "{\"user_id\":\""
                            + user
                            + "\",\"action\":\""
                            + action
                            + "\",\"item_id\":\""
                            + item
                            + "\",\"timestamp\":\""
                            + Instant.ofEpochMilli(T0 + i * 1000L)
                            + "\"}");
        }
        lines.add(
                "{\"user_id\":\"user_1\",\"action\":\"like\",\"item_id\":\"item_1\",\"timestamp\":\"2024-01-15T10:00:00Z\"}");

        // The expectation, replayed in order: per user the items bought, per item the co-purchase
        // counts.
        Map<String, Set<String>> bought = new HashMap<>();
        Map<String, Map<String, Long>> co = new HashMap<>();
        List<String> expected = new ArrayList<>();
        for (String[] a : actions) {
            if (!a[2].equals("purchase")) continue;
            Set<String> mine = bought.computeIfAbsent(a[0], k -> new LinkedHashSet<>());
            if (!mine.contains(a[1])) {
                for (String other : mine) {
                    co.computeIfAbsent(a[1], k -> new TreeMap<>()).merge(other, 1L, Long::sum);
                    co.computeIfAbsent(other, k -> new TreeMap<>()).merge(a[1], 1L, Long::sum);
                }
                mine.add(a[1]);
            }
            List<String> top =
                    co.getOrDefault(a[1], Map.of()).entrySet().stream()
                            .filter(c -> !mine.contains(c.getKey()))
                            .sorted(
                                    Map.Entry.<String, Long>comparingByValue()
                                            .reversed()
                                            .thenComparing(Map.Entry.comparingByKey()))
                            .limit(5)
                            .map(c -> c.getKey() + "=" + c.getValue())
                            .toList();
            expected.add(a[0] + " bought " + a[1] + ": " + top);
        }

        InMemoryJob.Outputs out =
                InMemoryJob.run(
                        "recommendations",
                        lines,
                        OnEveryStateBackend.Options.with(stateBackend, "--parallelism", "1"));
        List<String> actual = new ArrayList<>();
        for (JsonNode rec : out.results()) {
            List<String> items = new ArrayList<>();
            rec.get("recommendations")
                    .forEach(
                            i ->
                                    items.add(
                                            i.get("item_id").asText()
                                                    + "="
                                                    + i.get("buyers").asLong()));
            actual.add(
                    rec.get("user_id").asText()
                            + " bought "
                            + rec.get("purchased_item").asText()
                            + ": "
                            + items);
        }
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(expected).anySatisfy(e -> assertThat(e).doesNotEndWith("[]"));
        assertThat(out.deadLetters())
                .singleElement()
                .satisfies(d -> assertThat(d.get("reason").asText()).startsWith("action: 'like'"));
    }
}
