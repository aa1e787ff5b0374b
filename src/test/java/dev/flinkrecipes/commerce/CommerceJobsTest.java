package dev.flinkrecipes.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.options.StateBackendKind;
import dev.flinkrecipes.testing.FileToFileRun;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.OnEveryStateBackend;
import dev.flinkrecipes.testing.TestCommerceEvents;
import dev.flinkrecipes.testing.TestCommerceEvents.Ev;
import dev.flinkrecipes.testing.UniqueRows;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * The e-commerce jobs through their command line on a MiniCluster, over bounded JSON-lines input;
 * every output row checked against values computed here from the input.
 */
@OnEveryStateBackend
class CommerceJobsTest {
    @Parameter StateBackendKind stateBackend;

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    static final long T0 = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();
    static final long SEC = 1000;
    static final long MIN = 60_000;

    @TempDir Path dir;

    private Path write(List<Ev> events, String... extraLines) throws Exception {
        List<String> lines = new ArrayList<>(events.stream().map(Ev::json).toList());
        lines.addAll(List.of(extraLines));
        return JsonlFiles.write(dir.resolve("in/events.jsonl"), lines);
    }

    private List<JsonNode> run(Path input, String job, String... extra) throws Exception {
        return FileToFileRun.results(
                job,
                input,
                dir.resolve("out"),
                OnEveryStateBackend.Options.with(stateBackend, extra));
    }

    private static BigDecimal cents(long c) {
        return BigDecimal.valueOf(c, 2);
    }

    @Test
    void eventStatsPerTypeInSlidingWindows() throws Exception {
        List<Ev> events =
                TestCommerceEvents.random(3, 900, T0, 700, 8 * SEC, 30); // jitter < 10 s watermark
        List<JsonNode> rows =
                run(
                        write(events, "{\"event_id\":1}"),
                        "ecommerce-event-stats",
                        "--parallelism",
                        "2");
        Map<String, List<Ev>> windows = new TreeMap<>();
        for (Ev e : events) {
            long last = e.ts() - Math.floorMod(e.ts(), 10 * SEC);
            for (long start = last; start > last - 30 * SEC; start -= 10 * SEC) {
                windows.computeIfAbsent(start + "|" + e.type(), k -> new ArrayList<>()).add(e);
            }
        }
        assertThat(rows).hasSize(windows.size());
        for (JsonNode r : UniqueRows.byKey(rows, CommerceJobsTest::startAndType).values()) {
            long start = Instant.parse(r.get("window_start").asText()).toEpochMilli();
            List<Ev> in = windows.get(startAndType(r));
            assertThat(in).isNotNull();
            assertThat(r.get("window_end").asText())
                    .isEqualTo(Instant.ofEpochMilli(start + 30 * SEC).toString());
            assertThat(r.get("event_count").asLong()).isEqualTo(in.size());
            assertThat(r.get("total_revenue").decimalValue())
                    .isEqualByComparingTo(cents(in.stream().mapToLong(Ev::revenueCents).sum()));
            BigDecimal avg =
                    cents(in.stream().mapToLong(Ev::priceCents).sum())
                            .divide(BigDecimal.valueOf(in.size()), 2, RoundingMode.HALF_UP);
            assertThat(r.get("avg_price").decimalValue().subtract(avg).abs())
                    .isLessThanOrEqualTo(new BigDecimal("0.01"));
        }
        assertThat(JsonlFiles.readCommitted(dir.resolve("out/dlq")))
                .singleElement()
                .satisfies(
                        d ->
                                assertThat(d.get("reason").asText())
                                        .isEqualTo("missing field timestamp"));
    }

    private static String startAndType(JsonNode r) {
        return Instant.parse(r.get("window_start").asText()).toEpochMilli()
                + "|"
                + r.get("event_type").asText();
    }

    @Test
    void userTotalsEmitAnUpsertPerEventEndingAtEachUsersTotals() throws Exception {
        List<Ev> events =
                TestCommerceEvents.random(
                        4, 800, T0, 1000, 5 * MIN, 25); // very out of order: no window, no loss
        List<JsonNode> upserts = run(write(events), "user-totals", "--parallelism", "1");
        assertThat(upserts).hasSize(events.size());
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        upserts.forEach(
                u ->
                        latest.put(
                                u.get("user_id").asText(),
                                u)); // file order is emission order at parallelism 1
        Map<String, List<Ev>> byUser = events.stream().collect(Collectors.groupingBy(Ev::user));
        assertThat(latest.keySet()).containsExactlyInAnyOrderElementsOf(byUser.keySet());
        // One upsert per event, each counting one more: an upsert written twice (and another lost)
        // fails here.
        Map<String, List<Long>> counts =
                upserts.stream()
                        .collect(
                                Collectors.groupingBy(
                                        u -> u.get("user_id").asText(),
                                        Collectors.mapping(
                                                u -> u.get("total_events").asLong(),
                                                Collectors.toList())));
        counts.forEach(
                (user, seq) ->
                        assertThat(seq)
                                .as("total_events of %s's upserts", user)
                                .isEqualTo(
                                        LongStream.rangeClosed(1, byUser.get(user).size())
                                                .boxed()
                                                .toList()));
        byUser.forEach(
                (user, evs) -> {
                    JsonNode u = latest.get(user);
                    assertThat(u.get("total_events").asLong()).isEqualTo(evs.size());
                    assertThat(u.get("purchases").asLong())
                            .isEqualTo(evs.stream().filter(Ev::purchase).count());
                    assertThat(u.get("total_spent").decimalValue())
                            .isEqualByComparingTo(
                                    cents(
                                            evs.stream()
                                                    .filter(Ev::purchase)
                                                    .mapToLong(Ev::revenueCents)
                                                    .sum()));
                    assertThat(u.get("last_activity").asText())
                            .isEqualTo(
                                    Instant.ofEpochMilli(
                                                    evs.stream()
                                                            .mapToLong(Ev::ts)
                                                            .max()
                                                            .orElseThrow())
                                            .toString());
                });
    }

    @Test
    void userAnomaliesFlagBusyAndBigSpendingMinutes() throws Exception {
        List<Ev> events = new ArrayList<>(TestCommerceEvents.random(5, 600, T0, 1000, 0, 40));
        for (int i = 0; i < 60; i++)
            events.add(
                    new Ev("busy" + i, T0 + 3 * MIN + i * 500, "bot_1", "view", "Mouse", 100, 1));
        events.add(
                new Ev("big1", T0 + 6 * MIN + 10 * SEC, "whale", "purchase", "Laptop", 199_999, 4));
        events.add(
                new Ev("big2", T0 + 6 * MIN + 20 * SEC, "whale", "purchase", "Laptop", 199_999, 2));
        events.sort(Comparator.comparingLong(Ev::ts));
        List<JsonNode> rows = run(write(events), "user-anomalies", "--parallelism", "2");

        Map<String, long[]> minutes = new HashMap<>(); // user|minute -> events, purchase cents
        for (Ev e : events) {
            long[] m =
                    minutes.computeIfAbsent(
                            e.user() + "|" + (e.ts() - Math.floorMod(e.ts(), MIN)),
                            k -> new long[2]);
            m[0]++;
            if (e.purchase()) m[1] += e.revenueCents();
        }
        Map<String, String> expected = new TreeMap<>();
        minutes.forEach(
                (k, m) -> {
                    boolean busy = m[0] > 50, spender = m[1] > 1_000_000;
                    if (busy || spender)
                        expected.put(
                                k,
                                m[0]
                                        + " "
                                        + cents(m[1]).stripTrailingZeros().toPlainString()
                                        + " "
                                        + (busy && spender
                                                ? "high_event_rate+high_spend"
                                                : busy ? "high_event_rate" : "high_spend"));
                });
        Map<String, String> actual =
                UniqueRows.byKey(
                        rows,
                        r ->
                                r.get("user_id").asText()
                                        + "|"
                                        + Instant.parse(r.get("window_start").asText())
                                                .toEpochMilli(),
                        r ->
                                r.get("events_per_minute").asLong()
                                        + " "
                                        + r.get("spend_per_minute")
                                                .decimalValue()
                                                .stripTrailingZeros()
                                                .toPlainString()
                                        + " "
                                        + r.get("anomaly").asText());
        assertThat(actual)
                .isEqualTo(expected)
                .containsKeys("bot_1|" + (T0 + 3 * MIN), "whale|" + (T0 + 6 * MIN));
    }

    /**
     * The Spark document's batch report on its 1000-record sample (one event per second), made by
     * the project's producer tool and read back here as plain JSON to compute every number
     * independently.
     */
    @Test
    void batchReportOnTheThousandRecordSample() throws Exception {
        Path sample = dir.resolve("sample.jsonl");
        assertThat(
                        Main.run(
                                "produce-ecommerce-events",
                                "--to-file",
                                sample.toString(),
                                "--count",
                                "1000",
                                "--event-spacing",
                                "1s",
                                "--start-time",
                                "2024-01-15T10:00:00Z"))
                .isZero();
        List<JsonNode> events =
                Files.readAllLines(sample, StandardCharsets.UTF_8).stream()
                        .map(JsonlFiles::parse)
                        .toList();
        assertThat(events).hasSize(1000);
        assertThat(events.get(999).get("timestamp").asText()).isEqualTo("2024-01-15T10:16:39Z");

        Path report = dir.resolve("report");
        assertThat(
                        Main.run(
                                "ecommerce-report",
                                "--input",
                                sample.toString(),
                                "--report-dir",
                                report.toString(),
                                "--parallelism",
                                "2"))
                .isZero();

        // 1. events per type, count desc
        Map<String, Long> byType =
                events.stream()
                        .collect(
                                Collectors.groupingBy(
                                        e -> e.get("event_type").asText(), Collectors.counting()));
        List<String> expectedTypes =
                byType.entrySet().stream()
                        .sorted(
                                Map.Entry.<String, Long>comparingByValue()
                                        .reversed()
                                        .thenComparing(Map.Entry.comparingByKey()))
                        .map(e -> e.getKey() + "," + e.getValue())
                        .toList();
        assertThat(csv(report, "events_by_type"))
                .containsExactlyElementsOf(prepend("event_type,count", expectedTypes));
        assertThat(byType.get("view")).isBetween(430L, 570L); // the document's 0.5 probability

        // 2. purchases per category: num_purchases, total_revenue, avg_price; revenue desc
        Map<String, List<JsonNode>> purchases =
                events.stream()
                        .filter(e -> e.get("event_type").asText().equals("purchase"))
                        .collect(Collectors.groupingBy(e -> e.get("category").asText()));
        List<String> expectedCategories =
                purchases.entrySet().stream()
                        .map(
                                e ->
                                        new Object[] {
                                            e.getKey(),
                                            e.getValue().size(),
                                            sum(e.getValue(), true),
                                            sum(e.getValue(), false)
                                        })
                        .sorted(
                                Comparator.comparing((Object[] a) -> ((BigDecimal) a[2]))
                                        .reversed())
                        .map(
                                a ->
                                        a[0]
                                                + ","
                                                + a[1]
                                                + ","
                                                + money((BigDecimal) a[2])
                                                + ","
                                                + money(
                                                        ((BigDecimal) a[3])
                                                                .divide(
                                                                        BigDecimal.valueOf(
                                                                                (Integer) a[1]),
                                                                        2,
                                                                        RoundingMode.HALF_UP)))
                        .toList();
        assertThat(csv(report, "revenue_by_category"))
                .containsExactlyElementsOf(
                        prepend(
                                "category,num_purchases,total_revenue,avg_price",
                                expectedCategories));

        // 3. top 10 users by total_events (ties by user_id), with purchases
        Map<String, List<JsonNode>> byUser =
                events.stream().collect(Collectors.groupingBy(e -> e.get("user_id").asText()));
        List<String> expectedUsers =
                byUser.entrySet().stream()
                        .sorted(
                                Comparator.comparingInt(
                                                (Map.Entry<String, List<JsonNode>> e) ->
                                                        -e.getValue().size())
                                        .thenComparing(Map.Entry::getKey))
                        .limit(10)
                        .map(
                                e ->
                                        e.getKey()
                                                + ","
                                                + e.getValue().size()
                                                + ","
                                                + e.getValue().stream()
                                                        .filter(
                                                                x ->
                                                                        x.get("event_type")
                                                                                .asText()
                                                                                .equals("purchase"))
                                                        .count())
                        .toList();
        assertThat(csv(report, "top_users"))
                .containsExactlyElementsOf(
                        prepend("user_id,total_events,purchases", expectedUsers));

        // 4. per product_name: views, purchases, conversion_rate = purchases / views * 100, desc
        Map<String, List<JsonNode>> byProduct =
                events.stream().collect(Collectors.groupingBy(e -> e.get("product_name").asText()));
        List<String> expectedProducts =
                byProduct.entrySet().stream()
                        .map(
                                e -> {
                                    long views =
                                            e.getValue().stream()
                                                    .filter(
                                                            x ->
                                                                    x.get("event_type")
                                                                            .asText()
                                                                            .equals("view"))
                                                    .count();
                                    long bought =
                                            e.getValue().stream()
                                                    .filter(
                                                            x ->
                                                                    x.get("event_type")
                                                                            .asText()
                                                                            .equals("purchase"))
                                                    .count();
                                    BigDecimal rate =
                                            BigDecimal.valueOf(bought * 100)
                                                    .divide(
                                                            BigDecimal.valueOf(views),
                                                            2,
                                                            RoundingMode.HALF_UP);
                                    return new Object[] {
                                        e.getKey(), e.getValue().size(), views, bought, rate
                                    };
                                })
                        .sorted(Comparator.comparing((Object[] a) -> (BigDecimal) a[4]).reversed())
                        .map(
                                a ->
                                        a[0]
                                                + ","
                                                + a[1]
                                                + ","
                                                + a[2]
                                                + ","
                                                + a[3]
                                                + ","
                                                + money((BigDecimal) a[4]))
                        .toList();
        assertThat(csv(report, "product_conversion"))
                .containsExactlyElementsOf(
                        prepend(
                                "product_name,total_events,views,purchases,conversion_rate",
                                expectedProducts));
        assertThat(Files.readAllLines(report.resolve("product_conversion.jsonl"))).hasSize(5);
    }

    private static BigDecimal sum(List<JsonNode> events, boolean revenue) {
        return events.stream()
                .map(
                        e ->
                                revenue
                                        ? e.get("price")
                                                .decimalValue()
                                                .multiply(
                                                        BigDecimal.valueOf(
                                                                e.get("quantity").asLong()))
                                        : e.get("price").decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** As the report writes a double rounded to cents: no trailing zeros beyond one decimal. */
    private static String money(BigDecimal v) {
        return String.valueOf(v.setScale(2, RoundingMode.HALF_UP).doubleValue());
    }

    private static List<String> csv(Path report, String name) throws Exception {
        return Files.readAllLines(report.resolve(name + ".csv"), StandardCharsets.UTF_8);
    }

    private static List<String> prepend(String header, List<String> rows) {
        List<String> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }
}
