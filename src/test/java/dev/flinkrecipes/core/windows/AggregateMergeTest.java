package dev.flinkrecipes.core.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.core.windows.ProductionAggregates.Case;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What the paned window operators assume of every aggregate the jobs give them: merging the
 * accumulators of any split of the events equals adding all the events into one, merge is
 * associative, and an empty accumulator changes nothing. Counts, maxima and sets must be equal;
 * double sums equal up to {@link ProductionAggregates#SUM_TOLERANCE} (another order of additions
 * rounds differently).
 */
class AggregateMergeTest {
    private static final List<Case<?, ?, ?>> AGGREGATES = ProductionAggregates.ALL;

    @ParameterizedTest(name = "{0}")
    @FieldSource("AGGREGATES")
    <IN, K, ACC> void mergingPartialsEqualsAddingEveryEvent(Case<IN, K, ACC> aggregate) {
        Random random = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            List<IN> events = events(aggregate, random, random.nextInt(60));
            int a = random.nextInt(events.size() + 1);
            int b = a + random.nextInt(events.size() - a + 1);
            List<IN> x = events.subList(0, a),
                    y = events.subList(a, b),
                    z = events.subList(b, events.size());
            AggregateFunction<IN, ACC, ACC> f = aggregate.aggregate().get();

            ACC all = add(f, events);
            String what =
                    "trial " + trial + ", " + events.size() + " events split at " + a + " and " + b;
            assertSame(
                    aggregate,
                    all,
                    f.merge(add(f, x), add(f, events.subList(a, events.size()))),
                    what + ": x+rest");
            assertSame(
                    aggregate,
                    all,
                    f.merge(f.merge(add(f, x), add(f, y)), add(f, z)),
                    what + ": (x+y)+z");
            assertSame(
                    aggregate,
                    all,
                    f.merge(add(f, x), f.merge(add(f, y), add(f, z))),
                    what + ": x+(y+z)");
            assertSame(
                    aggregate,
                    all,
                    f.merge(f.createAccumulator(), add(f, events)),
                    what + ": empty+all");
            assertSame(
                    aggregate,
                    all,
                    f.merge(add(f, events), f.createAccumulator()),
                    what + ": all+empty");
        }
    }

    private static <IN> List<IN> events(Case<IN, ?, ?> aggregate, Random random, int n) {
        List<IN> events = new ArrayList<>();
        for (int i = 0; i < n; i++) events.add(aggregate.events().make(random, i, 1000L * i));
        return events;
    }

    /**
     * A fresh accumulator with {@code events} added one by one (merge may change its arguments).
     */
    private static <IN, ACC> ACC add(AggregateFunction<IN, ACC, ACC> f, List<IN> events) {
        ACC acc = f.createAccumulator();
        for (IN e : events) acc = f.add(e, acc);
        return acc;
    }

    private static <ACC> void assertSame(
            Case<?, ?, ACC> aggregate, ACC expected, ACC actual, String what) {
        assertThat(aggregate.exact().apply(actual))
                .as(what)
                .isEqualTo(aggregate.exact().apply(expected));
        double[] want = aggregate.sums().apply(expected), got = aggregate.sums().apply(actual);
        assertThat(got).as(what).hasSameSizeAs(want);
        for (int i = 0; i < want.length; i++) {
            assertThat(ProductionAggregates.closeEnough(want[i], got[i]))
                    .as("%s: sum %d, %s vs %s", what, i, want[i], got[i])
                    .isTrue();
        }
    }
}
