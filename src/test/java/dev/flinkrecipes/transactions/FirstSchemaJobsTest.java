package dev.flinkrecipes.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.core.options.StateBackendKind;
import dev.flinkrecipes.testing.FileToFileRun;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.OnEveryStateBackend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documents' first transactions schema ({@code user_id, amount, location, timestamp}: no
 * category, no transaction_id), with numeric user ids and epoch-second timestamps as Spark's
 * from_json reads them, through the jobs by their command line: the jobs that do not use category
 * take every record; the ones that do dead-letter each, naming the field.
 */
@OnEveryStateBackend
class FirstSchemaJobsTest {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @Parameter StateBackendKind stateBackend;

    private static final long T0 = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();
    private static final long MIN = 60_000;
    private static final String[] LOCATIONS = {
        "Madrid", "Sevilla", "suspicious_country1", "Valencia"
    };

    /** user, amount in cents, location, time: one every 20 s for 20 minutes. */
    record Row(String user, long cents, String location, long ts) {}

    private static final List<Row> ROWS = new ArrayList<>();
    private static final List<String> LINES = new ArrayList<>();

    static {
        for (int i = 0; i < 60; i++) {
            String location = LOCATIONS[i % 3 == 0 ? 2 : i % 4];
            Row r =
                    new Row(
                            String.valueOf(40 + i % 4),
                            (i * 99_991L) % 1_500_000,
                            location,
                            T0 + i * 20_000L);
            ROWS.add(r);
            // half the user ids as JSON numbers, half the timestamps as epoch seconds, the others
            // ISO without offset
            String user = i % 2 == 0 ? r.user : "\"" + r.user + "\"";
            String ts =
                    i % 3 == 1
                            ? String.valueOf(r.ts / 1000)
                            : "\"" + Instant.ofEpochMilli(r.ts).toString().replace("Z", "") + "\"";
            LINES.add(
                    String.format(
                            Locale.ROOT,
                            "{\"user_id\":%s,\"amount\":%d.%02d,\"location\":\"%s\",\"timestamp\":%s}",
                            user,
                            r.cents / 100,
                            r.cents % 100,
                            r.location,
                            ts));
        }
    }

    @TempDir Path dir;
    Path input;
    Path out;

    @BeforeEach
    void writeInput() throws Exception {
        input = JsonlFiles.write(dir.resolve("in/transactions.jsonl"), LINES);
        out = dir.resolve("out");
    }

    private List<JsonNode> run(String job) throws Exception {
        return FileToFileRun.results(
                job, input, out, OnEveryStateBackend.Options.with(stateBackend));
    }

    private List<JsonNode> deadLetters() throws Exception {
        return JsonlFiles.readCommitted(out.resolve("dlq"));
    }

    @Test
    void suspiciousTransactionsTakesEveryRecord() throws Exception {
        List<JsonNode> alerts = run("suspicious-transactions");
        Map<String, String> expected = new TreeMap<>();
        for (Row r : ROWS) {
            if (r.cents > 500_000 || r.location.equals("suspicious_country1")) {
                expected.put(
                        r.ts + "|" + r.user,
                        r.cents > 1_000_000
                                ? "high_amount"
                                : r.location.equals("suspicious_country1")
                                        ? "suspicious_location"
                                        : "general_alert");
            }
        }
        Map<String, String> actual = new TreeMap<>();
        for (JsonNode a : alerts) {
            actual.put(
                    Instant.parse(a.get("timestamp").asText()).toEpochMilli()
                            + "|"
                            + a.get("user_id").asText(),
                    a.get("alert_type").asText());
            assertThat(a.get("category").isNull())
                    .as("no category in the input, none in the alert")
                    .isTrue();
        }
        assertThat(actual).isEqualTo(expected).hasSizeGreaterThan(20);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void userSpendingTakesEveryRecord() throws Exception {
        List<JsonNode> rows = run("user-spending");
        Map<String, long[]> expected = new TreeMap<>(); // window start|user -> count, cents
        for (Row r : ROWS) {
            long start = r.ts - Math.floorMod(r.ts, 10 * MIN);
            long[] v = expected.computeIfAbsent(start + "|" + r.user, k -> new long[2]);
            v[0]++;
            v[1] += r.cents;
        }
        Map<String, long[]> actual = new TreeMap<>();
        for (JsonNode w : rows) {
            actual.put(
                    Instant.parse(w.get("window_start").asText()).toEpochMilli()
                            + "|"
                            + w.get("user_id").asText(),
                    new long[] {
                        w.get("transaction_count").asLong(),
                        Math.round(w.get("total_spent").asDouble() * 100)
                    });
        }
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
        assertThat(actual.keySet()).anySatisfy(k -> assertThat(k).endsWith("|40"));
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void transactionAnalyticsTakesEveryRecord() throws Exception {
        List<JsonNode> rows = run("transaction-analytics");
        Map<String, Long> expected = new TreeMap<>(); // window start|location -> count
        for (Row r : ROWS) {
            long last = r.ts - Math.floorMod(r.ts, MIN);
            for (long start = last; start > last - 5 * MIN; start -= MIN) {
                expected.merge(start + "|" + r.location, 1L, Long::sum);
            }
        }
        Map<String, Long> actual = new TreeMap<>();
        for (JsonNode w : rows) {
            actual.put(
                    Instant.parse(w.get("window_start").asText()).toEpochMilli()
                            + "|"
                            + w.get("location").asText(),
                    w.get("transaction_count").asLong());
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(deadLetters()).isEmpty();
    }

    /**
     * The documents' first pipeline on a file: every row, no Kafka key nor timestamp on a line of
     * text.
     */
    @Test
    void parsedTransactionsPrintsEveryRowOfAFile() throws Exception {
        List<JsonNode> rows = run("parsed-transactions");
        List<String> expected = new ArrayList<>();
        for (Row r : ROWS)
            expected.add(
                    Instant.ofEpochMilli(r.ts) + " " + r.user + " " + r.location + " null null");
        assertThat(rows)
                .extracting(
                        r ->
                                r.get("timestamp").asText()
                                        + " "
                                        + r.get("user_id").asText()
                                        + " "
                                        + r.get("location").asText()
                                        + " "
                                        + r.get("user_key")
                                        + " "
                                        + r.get("kafka_timestamp"))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(deadLetters()).isEmpty();
    }

    /** The jobs that use category: every record of the first schema is a dead letter naming it. */
    @ParameterizedTest
    @ValueSource(strings = {"category-analytics", "fraud-detection"})
    void aJobThatUsesCategoryDeadLettersEachRecordNamingIt(String job) throws Exception {
        assertThat(run(job)).isEmpty();
        List<JsonNode> dlq = deadLetters();
        assertThat(dlq).hasSize(ROWS.size());
        assertThat(dlq)
                .extracting(d -> d.get("reason").asText())
                .containsOnly("missing field category");
        assertThat(dlq)
                .extracting(d -> d.get("raw").asText())
                .containsExactlyInAnyOrderElementsOf(LINES);
    }
}
