package dev.flinkrecipes.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.core.windows.WindowSpec;
import dev.flinkrecipes.testing.WindowHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;

/**
 * The transactions jobs' window operators (as the jobs wire them, see {@link WindowHarness}) driven
 * record by record and watermark by watermark: contents, firing, late events, state and timers
 * cleaned.
 */
class WindowFunctionsHarnessTest {
    private static final long T0 = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();
    private static final long MIN = 60_000;

    private static Transaction txn(
            String user, double amount, String category, String location, long ts) {
        return new Transaction("t-" + ts + user, user, amount, "Amazon", category, ts, location);
    }

    private static <K, ACC, R> WindowHarness<Transaction, K, ACC, R> harness(
            KeySelector<Transaction, K> key,
            WindowSpec windows,
            AggregateFunction<Transaction, ACC, ACC> aggregate,
            ProcessWindowFunction<ACC, R, K, TimeWindow> emit)
            throws Exception {
        return new WindowHarness<>(
                Transaction.class, txn("u", 1, "Gas", "Madrid", T0), key, windows, aggregate, emit);
    }

    private static void add(WindowHarness<Transaction, ?, ?, ?> w, Transaction t) throws Exception {
        w.add(t, t.timestamp);
    }

    @Test
    void userSpendingFiresAtWindowEndSendsLateEventsAsideAndCleansUp() throws Exception {
        var w =
                harness(
                        t -> t.userId,
                        WindowSpec.tumbling(Duration.ofMinutes(10)),
                        new AmountStats.Aggregate(),
                        new UserSpending.Emit());
        add(w, txn("user_1", 10.00, "Gas", "Madrid", T0 + MIN));
        add(w, txn("user_1", 5.55, "Gas", "Madrid", T0 + 3 * MIN));
        add(w, txn("user_2", 7.00, "Gas", "Madrid", T0 + 2 * MIN));
        add(w, txn("user_1", 1.00, "Gas", "Madrid", T0 + 10 * MIN)); // next window

        w.watermark(T0 + 10 * MIN - 2);
        assertThat(w.drain())
                .as("nothing before the watermark passes the window's last millisecond")
                .isEmpty();

        w.watermark(T0 + 10 * MIN - 1);
        List<UserSpending> fired =
                w.drain().stream().sorted(Comparator.comparing(u -> u.userId)).toList();
        assertThat(fired).hasSize(2);
        assertThat(fired.get(0).userId).isEqualTo("user_1");
        assertThat(fired.get(0).transactionCount).isEqualTo(2);
        assertThat(fired.get(0).totalSpent).isEqualTo(15.55);
        assertThat(fired.get(0).windowStart).isEqualTo(T0);
        assertThat(fired.get(0).windowEnd).isEqualTo(T0 + 10 * MIN);
        assertThat(fired.get(1).userId).isEqualTo("user_2");
        assertThat(fired.get(1).totalSpent).isEqualTo(7.00);

        // Behind the watermark: to the late output, not into a window, not dropped.
        Transaction straggler = txn("user_1", 99.00, "Gas", "Madrid", T0 + 9 * MIN);
        add(w, straggler);
        assertThat(w.lateEvents())
                .extracting(t -> t.transactionId)
                .containsExactly(straggler.transactionId);
        assertThat(w.drain()).isEmpty();

        // The fired windows left no state and no timers behind; the open one has both once the
        // partial that the pre-aggregation holds is handed over (as before a checkpoint barrier).
        w.snapshot();
        assertThat(w.harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(w.harness.numEventTimeTimers()).isEqualTo(1);
        w.watermark(T0 + 20 * MIN - 1);
        assertThat(w.drain())
                .singleElement()
                .satisfies(u -> assertThat(u.totalSpent).isEqualTo(1.00));
        assertThat(w.harness.numKeyedStateEntries()).isZero();
        assertThat(w.harness.numEventTimeTimers()).isZero();
        w.harness.close();
    }

    @Test
    void locationStatsPutsEachEventInFiveSlidingWindows() throws Exception {
        var w =
                harness(
                        t -> t.location,
                        WindowSpec.sliding(Duration.ofMinutes(5), Duration.ofMinutes(1)),
                        new AmountStats.Aggregate(),
                        new LocationStats.Emit());
        add(w, txn("u1", 100.00, "Gas", "Madrid", T0 + 2 * MIN + 30_000));
        add(w, txn("u2", 300.50, "Gas", "Madrid", T0 + 4 * MIN));
        add(w, txn("u3", 50.00, "Gas", "Sevilla", T0 + 4 * MIN));
        w.watermark(T0 + 3 * MIN - 1);
        // Only [T0-2min, T0+3min) has closed: it holds the first Madrid event.
        assertThat(w.drain())
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.windowStart).isEqualTo(T0 - 2 * MIN);
                            assertThat(s.location).isEqualTo("Madrid");
                            assertThat(s.transactionCount).isEqualTo(1);
                        });
        w.watermark(Long.MAX_VALUE);
        List<LocationStats> rest = w.drain();
        List<LocationStats> madrid =
                rest.stream()
                        .filter(s -> s.location.equals("Madrid"))
                        .sorted(Comparator.comparingLong(s -> s.windowStart))
                        .toList();
        // Madrid windows starting T0-1min .. T0+4min; the ones from T0 to T0+2min hold both events.
        assertThat(madrid)
                .extracting(s -> (s.windowStart - T0) / MIN)
                .containsExactly(-1L, 0L, 1L, 2L, 3L, 4L);
        assertThat(madrid)
                .extracting(s -> s.transactionCount)
                .containsExactly(1L, 2L, 2L, 2L, 1L, 1L);
        LocationStats both = madrid.get(1);
        assertThat(both.totalAmount).isEqualTo(400.50);
        assertThat(both.avgAmount).isEqualTo(200.25);
        assertThat(both.maxAmount).isEqualTo(300.50);
        assertThat(both.windowEnd - both.windowStart).isEqualTo(5 * MIN);
        assertThat(rest.stream().filter(s -> s.location.equals("Sevilla"))).hasSize(5);
        assertThat(w.harness.numKeyedStateEntries()).isZero();
        w.harness.close();
    }

    @Test
    void categoryStatsCountsDistinctUsersPerCategoryAndLocation() throws Exception {
        var w =
                harness(
                        new CategoryStats.Key(),
                        WindowSpec.tumbling(Duration.ofMinutes(5)),
                        new CategoryStats.Aggregate(),
                        new CategoryStats.Emit());
        add(w, txn("u1", 10, "Gas", "Madrid", T0));
        add(w, txn("u1", 20, "Gas", "Madrid", T0 + MIN));
        add(w, txn("u2", 30, "Gas", "Madrid", T0 + 2 * MIN));
        add(w, txn("u3", 40, "Gas", "Valencia", T0 + 2 * MIN));
        add(w, txn("u3", 50, "Clothing", "Madrid", T0 + 5 * MIN)); // next window
        w.watermark(T0 + 5 * MIN - 1);
        List<CategoryStats> fired =
                w.drain().stream().sorted(Comparator.comparing(s -> s.location)).toList();
        assertThat(fired).hasSize(2);
        CategoryStats madrid = fired.get(0);
        assertThat(madrid.category).isEqualTo("Gas");
        assertThat(madrid.transactionCount).isEqualTo(3);
        assertThat(madrid.uniqueUsers).isEqualTo(2);
        assertThat(madrid.totalRevenue).isEqualTo(60.0);
        assertThat(madrid.avgTransaction).isEqualTo(20.0);
        assertThat(fired.get(1).uniqueUsers).isEqualTo(1);
        add(w, txn("u9", 1, "Gas", "Madrid", T0 + 4 * MIN));
        assertThat(w.lateEvents()).hasSize(1);
        w.harness.close();
    }
}
