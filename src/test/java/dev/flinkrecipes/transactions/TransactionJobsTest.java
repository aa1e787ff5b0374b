package dev.flinkrecipes.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.core.options.StateBackendKind;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.InMemoryJob;
import dev.flinkrecipes.testing.OnEveryStateBackend;
import dev.flinkrecipes.testing.TestTransactions;
import dev.flinkrecipes.testing.TestTransactions.Txn;
import dev.flinkrecipes.testing.UniqueRows;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each transactions job, run by name with its command-line options on a MiniCluster over in-memory
 * input lines with collecting sinks ({@link InMemoryJob}), every output row checked against values
 * the test computes itself from the input. The same jobs through files and Kafka: FileFormatsTest,
 * the *KafkaIT tests.
 */
@OnEveryStateBackend
class TransactionJobsTest {
    @Parameter StateBackendKind stateBackend;

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final long T0 = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();
    private static final long MIN = 60_000;

    /**
     * Mildly out of order (2 min at most), well within the 10-minute watermarks of the windowed
     * jobs.
     */
    private static final List<Txn> INPUT = TestTransactions.random(7, 600, T0, 7_000, 2 * MIN);

    private static final List<String> MALFORMED =
            List.of(
                    "",
                    "{not json",
                    "{\"user_id\":\"u1\",\"amount\":\"12\",\"timestamp\":\"2024-01-15T10:00:00Z\",\"category\":\"Gas\",\"location\":\"Madrid\"}",
                    "{\"user_id\":\"u1\",\"amount\":12,\"category\":\"Gas\",\"location\":\"Madrid\"}");

    List<String> input;
    InMemoryJob.Outputs out;

    @BeforeEach
    void makeInput() {
        input = new ArrayList<>();
        for (int i = 0; i < INPUT.size(); i++) {
            input.add(INPUT.get(i).json());
            if (i % 150 == 10) input.add(MALFORMED.get(i / 150));
        }
    }

    private void run(String job, String... extra) {
        out = InMemoryJob.run(job, input, OnEveryStateBackend.Options.with(stateBackend, extra));
    }

    private List<JsonNode> results() {
        return out.results();
    }

    private void assertDeadLetters() {
        List<JsonNode> dlq = out.deadLetters();
        assertThat(dlq)
                .extracting(d -> d.get("raw").asText())
                .containsExactlyInAnyOrderElementsOf(MALFORMED);
        assertThat(dlq)
                .extracting(d -> d.get("reason").asText())
                .containsExactlyInAnyOrder(
                        "empty record",
                        "invalid JSON: expected a field name in double quotes, got 'n' at"
                                + " offset 1",
                        "amount: expected a number, got a string",
                        "missing field timestamp");
        assertThat(dlq)
                .allSatisfy(
                        d -> {
                            assertThat(d.get("file").asText()).isEqualTo("memory");
                            assertThat(d.get("line").asLong()).isPositive();
                        });
    }

    private static String cents(long c) {
        return BigDecimal.valueOf(c, 2).toPlainString();
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static long startMillis(JsonNode window) {
        return Instant.parse(window.get("window_start").asText()).toEpochMilli();
    }

    /**
     * Also paced (--max-rate 3000/s, 600 records: about 0.2 s): pacing holds records back, it loses
     * none.
     */
    @ParameterizedTest(name = "--max-rate {0}")
    @ValueSource(strings = {"0", "3000"})
    void fraudDetectionFlagsExactlyTheFrauds(String maxRate) throws Exception {
        run("fraud-detection", "--parallelism", "2", "--max-rate", maxRate);
        Map<String, Txn> expected = new HashMap<>();
        for (Txn t : INPUT) {
            if (t.cents() > 300_000 || (t.category().equals("Electronics") && t.cents() > 100_000))
                expected.put(t.id(), t);
        }
        List<JsonNode> rows = results();
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(rows)
                .extracting(r -> r.get("transaction_id").asText())
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (JsonNode r : rows) {
            Txn t = expected.get(r.get("transaction_id").asText());
            int risk =
                    t.cents() > 300_000
                            ? 100
                            : t.cents() > 100_000 ? 75 : t.cents() > 50_000 ? 50 : 25;
            assertThat(r.get("risk_score").asInt()).isEqualTo(risk);
            assertThat(r.get("is_fraud").asBoolean()).isTrue();
            assertThat(r.get("user_id").asText()).isEqualTo(t.user());
            assertThat(r.get("amount").decimalValue()).isEqualByComparingTo(cents(t.cents()));
            assertThat(r.get("timestamp").asText()).isEqualTo(iso(t.ts()));
            assertThat(r.get("category").asText()).isEqualTo(t.category());
            assertThat(r.get("location").asText()).isEqualTo(t.location());
            assertThat(r.get("merchant").asText()).isEqualTo(t.merchant());
        }
        assertDeadLetters();
    }

    @Test
    void suspiciousTransactionsClassifiesEveryAlert() throws Exception {
        run("suspicious-transactions");
        List<JsonNode> rows = results();
        Map<String, String> expected = new TreeMap<>();
        for (Txn t : INPUT) {
            if (t.cents() > 500_000) {
                expected.put(
                        t.id(),
                        (t.cents() > 1_000_000 ? "high_amount" : "general_alert")
                                + "/"
                                + (t.cents() > 1_000_000 ? "critical" : "high"));
            }
        }
        Map<String, String> actual = new TreeMap<>();
        rows.forEach(
                r ->
                        actual.put(
                                r.get("transaction_id").asText(),
                                r.get("alert_type").asText() + "/" + r.get("severity").asText()));
        assertThat(actual).isEqualTo(expected).isNotEmpty();
        assertThat(rows).hasSize(expected.size());
    }

    @Test
    void transactionAnalyticsSlidingWindowsPerLocation() throws Exception {
        run("transaction-analytics", "--parallelism", "2");
        // window start -> location -> transactions; each transaction is in the 5 windows starting
        // at its minute and the 4 minutes before (5 min windows sliding every minute).
        Map<String, List<Txn>> windows = new TreeMap<>();
        for (Txn t : INPUT) {
            long lastStart = t.ts() - Math.floorMod(t.ts(), MIN);
            for (long start = lastStart; start > lastStart - 5 * MIN; start -= MIN) {
                windows.computeIfAbsent(start + "|" + t.location(), k -> new ArrayList<>()).add(t);
            }
        }
        List<JsonNode> rows = results();
        assertThat(rows).hasSize(windows.size());
        for (JsonNode r :
                UniqueRows.byKey(rows, w -> startMillis(w) + "|" + w.get("location").asText())
                        .values()) {
            long start = startMillis(r);
            assertThat(Instant.parse(r.get("window_end").asText()).toEpochMilli())
                    .isEqualTo(start + 5 * MIN);
            List<Txn> in = windows.get(start + "|" + r.get("location").asText());
            assertThat(in).as("window %s %s", r.get("window_start"), r.get("location")).isNotNull();
            long sum = in.stream().mapToLong(Txn::cents).sum();
            long max = in.stream().mapToLong(Txn::cents).max().orElseThrow();
            assertThat(r.get("transaction_count").asLong()).isEqualTo(in.size());
            assertThat(r.get("total_amount").decimalValue()).isEqualByComparingTo(cents(sum));
            assertThat(r.get("max_amount").decimalValue()).isEqualByComparingTo(cents(max));
            assertThat(r.get("avg_amount").asDouble())
                    .isCloseTo(avg(sum, in.size()), org.assertj.core.data.Offset.offset(0.0101));
        }
        assertThat(out.late()).isEmpty();
    }

    @Test
    void categoryAnalyticsCountsDistinctUsersExactly() throws Exception {
        run("category-analytics", "--parallelism", "2");
        Map<String, List<Txn>> windows = new TreeMap<>();
        for (Txn t : INPUT) {
            long start = t.ts() - Math.floorMod(t.ts(), 5 * MIN);
            windows.computeIfAbsent(
                            start + "|" + t.category() + "|" + t.location(), k -> new ArrayList<>())
                    .add(t);
        }
        List<JsonNode> rows = results();
        assertThat(rows).hasSize(windows.size());
        for (JsonNode r :
                UniqueRows.byKey(
                                rows,
                                w ->
                                        startMillis(w)
                                                + "|"
                                                + w.get("category").asText()
                                                + "|"
                                                + w.get("location").asText())
                        .values()) {
            long start = startMillis(r);
            List<Txn> in =
                    windows.get(
                            start
                                    + "|"
                                    + r.get("category").asText()
                                    + "|"
                                    + r.get("location").asText());
            assertThat(in).isNotNull();
            Set<String> users = new HashSet<>();
            in.forEach(t -> users.add(t.user()));
            long sum = in.stream().mapToLong(Txn::cents).sum();
            assertThat(r.get("window_end").asText()).isEqualTo(iso(start + 5 * MIN));
            assertThat(r.get("transaction_count").asLong()).isEqualTo(in.size());
            assertThat(r.get("total_revenue").decimalValue()).isEqualByComparingTo(cents(sum));
            assertThat(r.get("avg_transaction").asDouble())
                    .isCloseTo(avg(sum, in.size()), org.assertj.core.data.Offset.offset(0.0101));
            assertThat(r.get("unique_users").asLong()).isEqualTo(users.size());
        }
        // Some (category, location, window) must really have repeat users, or the distinct count is
        // untested.
        assertThat(rows)
                .anySatisfy(
                        r ->
                                assertThat(r.get("unique_users").asLong())
                                        .isLessThan(r.get("transaction_count").asLong()));
    }

    /**
     * user-spending with events far behind the watermark. With per-event watermarks and parallelism
     * 1 which events are late depends only on input order; the test replays that order: an event is
     * late when its window ended at or before the watermark made by the events before it (max
     * timestamp - 5 min - 1 ms).
     */
    @Test
    void userSpendingSendsLateEventsAsideAndCountsTheRest() throws Exception {
        List<Txn> events = new ArrayList<>(INPUT);
        // Every 50th event, a straggler 30 minutes behind: late unless the stream is still young.
        for (int i = 49; i < INPUT.size(); i += 50) {
            Txn t = INPUT.get(i);
            events.add(
                    i + 1 + i / 50,
                    new Txn(
                            "late" + i,
                            t.user(),
                            1234,
                            "Target",
                            "Gas",
                            t.ts() - 30 * MIN,
                            "Madrid"));
        }
        input = new ArrayList<>();
        events.forEach(t -> input.add(t.json()));

        run("user-spending", "--parallelism", "1", "--watermark-emission", "per_event");

        long watermark = Long.MIN_VALUE;
        Set<String> late = new HashSet<>();
        Map<String, List<Txn>> windows = new TreeMap<>();
        for (Txn t : events) {
            long start = t.ts() - Math.floorMod(t.ts(), 10 * MIN);
            if (start + 10 * MIN - 1 <= watermark) {
                late.add(t.id());
            } else {
                windows.computeIfAbsent(start + "|" + t.user(), k -> new ArrayList<>()).add(t);
            }
            watermark = Math.max(watermark, t.ts() - 5 * MIN - 1);
        }
        assertThat(late).hasSizeGreaterThan(5);

        List<JsonNode> rows = results();
        assertThat(rows).hasSize(windows.size());
        for (JsonNode r :
                UniqueRows.byKey(rows, w -> startMillis(w) + "|" + w.get("user_id").asText())
                        .values()) {
            long start = startMillis(r);
            List<Txn> in = windows.get(start + "|" + r.get("user_id").asText());
            assertThat(in).isNotNull();
            assertThat(r.get("window_end").asText()).isEqualTo(iso(start + 10 * MIN));
            assertThat(r.get("transaction_count").asLong()).isEqualTo(in.size());
            assertThat(r.get("total_spent").decimalValue())
                    .isEqualByComparingTo(cents(in.stream().mapToLong(Txn::cents).sum()));
        }
        assertThat(out.late())
                .extracting(r -> r.get("transaction_id").asText())
                .containsExactlyInAnyOrderElementsOf(late);
    }

    private static double avg(long sumCents, int n) {
        return BigDecimal.valueOf(sumCents, 2)
                .divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_UP)
                .doubleValue();
    }
}
