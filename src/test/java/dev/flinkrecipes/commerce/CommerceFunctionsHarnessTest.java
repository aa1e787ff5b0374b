package dev.flinkrecipes.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.applogs.AppLog;
import dev.flinkrecipes.applogs.ServiceLogStats;
import dev.flinkrecipes.core.windows.WindowSpec;
import dev.flinkrecipes.testing.WindowHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The e-commerce and log functions driven directly: the window operators as the jobs wire them, and
 * the keyed user-totals function with and without a state TTL.
 */
class CommerceFunctionsHarnessTest {
    static final long T0 = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();
    static final long SEC = 1000;
    static final long MIN = 60_000;

    static CommerceEvent ev(String user, String type, double price, int qty, long ts) {
        return new CommerceEvent(
                "e" + ts, ts, user, type, "prod_1", "Mouse", "Accessories", price, qty);
    }

    @Test
    void eventStatsSlideEvery10SecondsOver30() throws Exception {
        try (var w =
                new WindowHarness<>(
                        CommerceEvent.class,
                        ev("u", "view", 1, 1, T0),
                        (CommerceEvent e) -> e.eventType,
                        WindowSpec.sliding(Duration.ofSeconds(30), Duration.ofSeconds(10)),
                        new EventTypeStats.Aggregate(),
                        new EventTypeStats.Emit())) {
            w.add(ev("u1", "purchase", 10.00, 2, T0 + 5 * SEC), T0 + 5 * SEC);
            w.add(ev("u2", "purchase", 20.50, 1, T0 + 15 * SEC), T0 + 15 * SEC);
            w.add(ev("u3", "view", 99.99, 1, T0 + 15 * SEC), T0 + 15 * SEC);
            w.watermark(T0 + 10 * SEC - 1);
            // [T0-20s, T0+10s) closes: the first purchase only.
            assertThat(w.drain())
                    .singleElement()
                    .satisfies(
                            s -> {
                                assertThat(s.eventType).isEqualTo("purchase");
                                assertThat(s.eventCount).isEqualTo(1);
                                assertThat(s.totalRevenue).isEqualTo(20.00);
                                assertThat(s.avgPrice).isEqualTo(10.00);
                                assertThat(s.windowEnd - s.windowStart).isEqualTo(30 * SEC);
                            });
            w.watermark(T0 + 20 * SEC - 1);
            List<EventTypeStats> second = w.drain();
            assertThat(second)
                    .extracting(
                            s ->
                                    s.eventType
                                            + " "
                                            + s.eventCount
                                            + " "
                                            + s.totalRevenue
                                            + " "
                                            + s.avgPrice)
                    .containsExactlyInAnyOrder("purchase 2 40.5 15.25", "view 1 99.99 99.99");
            w.watermark(Long.MAX_VALUE);
            // Still open: [0s,30s) and [10s,40s) for both types.
            assertThat(w.drain())
                    .extracting(
                            s ->
                                    s.eventType
                                            + "@"
                                            + (s.windowStart - T0) / SEC
                                            + " "
                                            + s.eventCount)
                    .containsExactlyInAnyOrder(
                            "purchase@0 2", "purchase@10 1", "view@0 1", "view@10 1");
            assertThat(w.harness.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void userTotalsUpsertOnEveryEventAndKeepTheLatestActivity() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CommerceEvent, UserTotals> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new UpdateUserTotals(Duration.ZERO), e -> e.userId, Types.STRING);
        h.processElement(ev("u1", "view", 100, 1, T0 + MIN), T0 + MIN);
        h.processElement(ev("u1", "purchase", 12.50, 2, T0 + 3 * MIN), T0 + 3 * MIN);
        h.processElement(ev("u2", "purchase", 1.00, 1, T0), T0);
        h.processElement(ev("u1", "purchase", 0.10, 3, T0 + 2 * MIN), T0 + 2 * MIN); // out of order
        List<UserTotals> upserts = h.extractOutputValues();
        assertThat(upserts)
                .extracting(
                        t ->
                                t.userId
                                        + " "
                                        + t.totalEvents
                                        + " "
                                        + t.purchases
                                        + " "
                                        + t.totalSpent)
                .containsExactly("u1 1 0 0.0", "u1 2 1 25.0", "u2 1 1 1.0", "u1 3 2 25.3");
        assertThat(upserts.get(3).lastActivity)
                .as("max timestamp, not the latest arrival")
                .isEqualTo(T0 + 3 * MIN);
        assertThat(h.numKeyedStateEntries()).isEqualTo(2);
        h.close();
    }

    @Test
    void userTotalsForgetAnIdleUserAfterTheTtl() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CommerceEvent, UserTotals> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new UpdateUserTotals(Duration.ofMinutes(30)), e -> e.userId, Types.STRING);
        h.setStateTtlProcessingTime(0);
        h.processElement(ev("u1", "purchase", 10, 1, T0), T0);
        h.setStateTtlProcessingTime(29 * MIN);
        h.processElement(
                ev("u1", "view", 10, 1, T0 + MIN),
                T0 + MIN); // within the TTL: counted on, TTL renewed
        h.setStateTtlProcessingTime(29 * MIN + 30 * MIN + 1);
        h.processElement(
                ev("u1", "view", 10, 1, T0 + 2 * MIN), T0 + 2 * MIN); // idle > 30 min: starts again
        assertThat(h.extractOutputValues())
                .extracting(t -> t.totalEvents + "/" + t.purchases)
                .containsExactly("1/1", "2/1", "1/0");
        h.close();
    }

    @Test
    void userTotalsForgetUsersIdleForAMonthByDefault() {
        UserTotalsJob job = new UserTotalsJob();
        new CommandLine(job).parseArgs();
        assertThat(job.stateTtl).isEqualTo(Duration.ofDays(30));
        new CommandLine(job).parseArgs("--state-ttl", "0");
        assertThat(job.stateTtl).as("0 keeps every user").isZero();
    }

    @Test
    void anomalyThresholdsAreStrict() {
        assertThat(UserActivity.anomaly(50, 10000)).isNull();
        assertThat(UserActivity.anomaly(51, 10000)).isEqualTo("high_event_rate");
        assertThat(UserActivity.anomaly(50, 10000.01)).isEqualTo("high_spend");
        assertThat(UserActivity.anomaly(51, 10000.01)).isEqualTo("high_event_rate+high_spend");
    }

    @Test
    void userMinutesCountEventsAndPurchaseSpendAndSendLateEventsAside() throws Exception {
        try (var w =
                new WindowHarness<>(
                        CommerceEvent.class,
                        ev("u", "view", 1, 1, T0),
                        (CommerceEvent e) -> e.userId,
                        WindowSpec.tumbling(Duration.ofMinutes(1)),
                        new UserActivity.Aggregate(),
                        new UserActivity.Emit())) {
            for (int i = 0; i < 51; i++)
                w.add(ev("busy", "view", 1, 1, T0 + i * 1000), T0 + i * 1000);
            w.add(ev("rich", "purchase", 2000, 4, T0 + 10 * SEC), T0 + 10 * SEC);
            w.add(ev("rich", "purchase", 1000.01, 2, T0 + 20 * SEC), T0 + 20 * SEC);
            w.add(
                    ev("rich", "view", 5000, 4, T0 + 30 * SEC),
                    T0 + 30 * SEC); // views do not count as spend
            w.watermark(T0 + MIN - 1);
            List<UserActivity> rows =
                    w.drain().stream().sorted(Comparator.comparing(a -> a.userId)).toList();
            assertThat(rows)
                    .extracting(
                            a ->
                                    a.userId
                                            + " "
                                            + a.eventsPerMinute
                                            + " "
                                            + a.spendPerMinute
                                            + " "
                                            + a.anomaly)
                    .containsExactly("busy 51 0.0 high_event_rate", "rich 3 10000.02 high_spend");
            CommerceEvent late = ev("rich", "purchase", 1, 1, T0 + 59 * SEC);
            w.add(late, late.timestamp);
            assertThat(w.lateEvents()).extracting(e -> e.eventId).containsExactly(late.eventId);
            assertThat(w.harness.numKeyedStateEntries()).isZero();
        }
    }

    /**
     * 6970.35 + 1814.12 + 1215.53 is 10000.000000000002 in doubles, in that order: the rule reads
     * cents.
     */
    @Test
    void aSpendOfExactly10000InCentsIsNormalWhateverTheDoubleSumRoundsTo() throws Exception {
        try (var w =
                new WindowHarness<>(
                        CommerceEvent.class,
                        ev("u", "view", 1, 1, T0),
                        (CommerceEvent e) -> e.userId,
                        WindowSpec.tumbling(Duration.ofMinutes(1)),
                        new UserActivity.Aggregate(),
                        new UserActivity.Emit())) {
            double[] prices = {6970.35, 1814.12, 1215.53};
            for (int i = 0; i < prices.length; i++)
                w.add(ev("u", "purchase", prices[i], 1, T0 + i), T0 + i);
            w.watermark(T0 + MIN - 1);
            assertThat(w.drain())
                    .extracting(a -> a.spendPerMinute + " " + a.anomaly)
                    .containsExactly("10000.0 null");
        }
    }

    @Test
    void serviceLogStatsCountPerLevelAndAlertAboveTheThreshold() throws Exception {
        AppLog sample = new AppLog(T0, "INFO", "auth", "ok", null, null);
        try (var w =
                new WindowHarness<>(
                        AppLog.class,
                        sample,
                        (AppLog l) -> l.service,
                        WindowSpec.tumbling(Duration.ofMinutes(1)),
                        new ServiceLogStats.Aggregate(),
                        new ServiceLogStats.Emit(0.2, 10))) {
            String[] payments = {
                "ERROR", "ERROR", "ERROR", "INFO", "INFO", "INFO", "INFO", "INFO", "WARN", "DEBUG"
            }; // 30% errors
            for (int i = 0; i < payments.length; i++)
                w.add(new AppLog(T0 + i, payments[i], "payments", "m", null, null), T0 + i);
            for (int i = 0; i < 4; i++)
                w.add(
                        new AppLog(T0 + i, "ERROR", "auth", "m", 500, null),
                        T0 + i); // 100%, but only 4 records
            String[] search = {
                "ERROR", "ERROR", "INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "INFO"
            }; // exactly 20%
            for (int i = 0; i < search.length; i++)
                w.add(new AppLog(T0 + i, search[i], "search", "m", null, null), T0 + i);
            w.watermark(T0 + MIN - 1);
            List<ServiceLogStats> rows =
                    w.drain().stream().sorted(Comparator.comparing(s -> s.service)).toList();
            assertThat(rows)
                    .extracting(
                            s ->
                                    s.service
                                            + " "
                                            + s.total
                                            + " d"
                                            + s.debug
                                            + " i"
                                            + s.info
                                            + " w"
                                            + s.warn
                                            + " e"
                                            + s.error
                                            + " "
                                            + s.errorRate
                                            + " "
                                            + s.alert)
                    .containsExactly(
                            "auth 4 d0 i0 w0 e4 1.0 false",
                            "payments 10 d1 i5 w1 e3 0.3 true",
                            "search 10 d0 i8 w0 e2 0.2 false");
            AppLog late = new AppLog(T0 + 5, "ERROR", "auth", "m", 500, null);
            w.add(late, late.timestamp);
            assertThat(w.lateEvents())
                    .extracting(l -> l.service + " " + l.timestamp)
                    .containsExactly("auth " + late.timestamp);
        }
    }
}
