package dev.flinkrecipes.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.ops.FailureInjector;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;
import dev.flinkrecipes.core.serde.Json;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.ConsoleCapture;
import dev.flinkrecipes.testing.FileToFileRun;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.ResultFiles;
import dev.flinkrecipes.testing.TestTransactions;
import dev.flinkrecipes.testing.TestTransactions.Txn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --sink file --format csv|parquet} and {@code --partition-by}: jobs run through the CLI on
 * a MiniCluster, their committed part files read back with a CSV parser and a Parquet reader and
 * compared, row for row, with the same job's JSON-lines output; exactly once across an injected
 * failure; the option errors a user meets.
 */
class FileFormatsTest {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    /**
     * From 20:00 UTC, a minute apart: ten hours, so the windows and transactions cross midnight.
     */
    private static final long T0 = Instant.parse("2024-01-15T20:00:00Z").toEpochMilli();

    private static final List<Txn> INPUT = TestTransactions.random(11, 600, T0, 60_000, 2 * 60_000);

    @TempDir Path dir;
    Path input;

    @BeforeEach
    void writeInput() throws Exception {
        input =
                JsonlFiles.write(
                        dir.resolve("in/transactions.jsonl"),
                        INPUT.stream().map(Txn::json).toList());
    }

    private Path run(String job, String name, String... extra) {
        return FileToFileRun.run(
                job,
                input,
                dir.resolve(name),
                Await.concat(new String[] {"--parallelism", "2"}, extra));
    }

    /**
     * Windowed rows (timestamps, counts, doubles) and alerts (strings, an int, a boolean, a
     * timestamp).
     */
    @ParameterizedTest(name = "--format {0}")
    @ValueSource(strings = {"csv", "parquet"})
    void theSameRowsAsTheJsonOutput(String format) throws Exception {
        for (String job : List.of("transaction-analytics", "fraud-detection")) {
            List<Map<String, String>> json = ResultFiles.jsonRows(run(job, job + "-json"));
            assertThat(json).hasSizeGreaterThan(50);
            Path results = run(job, job + "-" + format, "--format", format);
            assertThat(ResultFiles.read(format, results, ResultFiles.header(json)))
                    .as(job)
                    .containsExactlyInAnyOrderElementsOf(json);
            // Dead letters and late records stay JSON lines whatever the format.
            assertThat(results.resolveSibling("dlq")).doesNotExist(); // no bad input here
        }
    }

    @ParameterizedTest(name = "--format {0}")
    @ValueSource(strings = {"json", "csv", "parquet"})
    void partitionByWritesOneFolderPerUtcDayOfTheField(String format) throws Exception {
        List<Map<String, String>> json =
                ResultFiles.jsonRows(run("transaction-analytics", "plain"));
        Path results =
                run(
                        "transaction-analytics",
                        "by-day-" + format,
                        "--format",
                        format,
                        "--partition-by",
                        "window_start");

        Map<String, List<Map<String, String>>> expected = new TreeMap<>();
        for (Map<String, String> r : json) {
            String day =
                    Instant.parse(r.get("window_start"))
                            .atOffset(ZoneOffset.UTC)
                            .toLocalDate()
                            .toString();
            expected.computeIfAbsent("date=" + day, d -> new ArrayList<>()).add(r);
        }
        assertThat(expected.keySet()).containsExactly("date=2024-01-15", "date=2024-01-16");
        try (var folders = Files.list(results)) {
            Set<String> names =
                    folders.map(f -> f.getFileName().toString())
                            .collect(Collectors.toCollection(TreeSet::new));
            assertThat(names).isEqualTo(expected.keySet());
        }
        for (Map.Entry<String, List<Map<String, String>>> day : expected.entrySet()) {
            Path folder = results.resolve(day.getKey());
            List<Map<String, String>> rows =
                    format.equals("json")
                            ? ResultFiles.jsonRows(folder)
                            : ResultFiles.read(format, folder, ResultFiles.header(json));
            assertThat(rows).as(day.getKey()).containsExactlyInAnyOrderElementsOf(day.getValue());
        }
    }

    /**
     * Each parallel instance fails once mid-input and restarts from its last checkpoint: no alert
     * lost or doubled.
     */
    @ParameterizedTest(name = "--format {0}")
    @ValueSource(strings = {"csv", "parquet"})
    void exactlyOnceAcrossAFailure(String format) throws Exception {
        Set<String> expected = new TreeSet<>();
        for (Txn t : INPUT) {
            boolean fraud =
                    t.cents() > 300_000
                            || (t.category().equals("Electronics") && t.cents() > 100_000);
            if (fraud) expected.add(t.id());
        }
        int failuresBefore = FailureInjector.FAILURES.get();
        Path results =
                run(
                        "fraud-detection",
                        "failing-" + format,
                        "--format",
                        format,
                        "--max-rate",
                        "600",
                        "--inject-failure-after",
                        "100");
        assertThat(FailureInjector.FAILURES.get() - failuresBefore)
                .as("injected failures")
                .isPositive();

        List<Map<String, String>> rows = ResultFiles.read(format, results, fraudHeader());
        Map<String, Integer> seen = new HashMap<>();
        rows.forEach(r -> seen.merge(r.get("transaction_id"), 1, Integer::sum));
        assertThat(seen.entrySet())
                .as("alerts written twice")
                .filteredOn(e -> e.getValue() > 1)
                .isEmpty();
        assertThat(seen.keySet()).isEqualTo(expected);
    }

    private static List<String> fraudHeader() {
        return List.of(
                "transaction_id",
                "user_id",
                "amount",
                "merchant",
                "category",
                "timestamp",
                "location",
                "is_fraud",
                "risk_score");
    }

    @Test
    void columnsAreTheJsonFieldsAndOnlyTimestampsPartition() {
        ResultColumns<dev.flinkrecipes.transactions.LocationStats> columns =
                ResultColumns.of(dev.flinkrecipes.transactions.LocationStats.class);
        assertThat(columns.names())
                .containsExactly(
                        "window_start",
                        "window_end",
                        "location",
                        "transaction_count",
                        "total_amount",
                        "avg_amount",
                        "max_amount");
        assertThat(columns.timestampColumn("window_end", "--partition-by")).isEqualTo(1);
    }

    /**
     * A result with what CSV must quote and Parquet must leave out: commas, quotes, line breaks,
     * nulls, a map.
     */
    public static class Odd {
        public String text;
        public Map<String, String> profile;

        @JsonSerialize(using = IsoInstantSerializer.class)
        public long at;

        public Double maybe;

        public Odd() {}

        Odd(String text, Map<String, String> profile, long at, Double maybe) {
            this.text = text;
            this.profile = profile;
            this.at = at;
            this.maybe = maybe;
        }
    }

    @ParameterizedTest(name = "--format {0}")
    @ValueSource(strings = {"csv", "parquet"})
    void quotesNullsAndNestedValuesReadBackAsTheJsonHasThem(String format) throws Exception {
        List<Odd> values =
                List.of(
                        new Odd(
                                "a, \"quoted\" value\nover two lines",
                                new TreeMap<>(Map.of("tier", "gold", "city", "Cádiz")),
                                T0,
                                1.5),
                        new Odd(null, null, T0 + 86_400_000L, null));
        ResultColumns<Odd> columns = ResultColumns.of(Odd.class);
        Path file =
                Files.createDirectories(dir.resolve("odd"))
                        .resolve("part-00000000-0000-0000-0000-000000000000-0." + format);
        try (FSDataOutputStream out =
                FileSystem.getLocalFileSystem()
                        .create(
                                new org.apache.flink.core.fs.Path(file.toUri()),
                                FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter.Factory<Odd> factory =
                    format.equals("csv") ? FileFormats.csv(columns) : FileFormats.parquet(columns);
            BulkWriter<Odd> writer = factory.create(out);
            for (Odd v : values) writer.addElement(v);
            writer.finish();
        }
        ObjectMapper json = Json.newMapper();
        List<Map<String, String>> expected = new ArrayList<>();
        for (Odd v : values) {
            Map<String, String> row = new LinkedHashMap<>();
            json.valueToTree(v)
                    .fields()
                    .forEachRemaining(
                            e ->
                                    row.put(
                                            e.getKey(),
                                            e.getValue().isContainerNode()
                                                    ? e.getValue().toString()
                                                    : e.getValue().isNull() && format.equals("csv")
                                                            ? ""
                                                            : e.getValue().asText()));
            expected.add(row);
        }
        assertThat(
                        ResultFiles.read(
                                format,
                                file.getParent(),
                                List.of("text", "profile", "at", "maybe")))
                .containsExactlyElementsOf(expected);
    }

    // ---- errors at start, through the CLI ----

    @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

    /** The first line of stderr: the error itself (a second line points to --help). */
    private String error() {
        Iterator<String> lines = console.err().lines().iterator();
        return lines.hasNext() ? lines.next() : "";
    }

    @Test
    void aFormatTheSinkDoesNotWriteIsAnErrorNamingTheChoices() {
        assertThat(Main.run("fraud-detection", "--sink", "kafka", "--format", "csv")).isEqualTo(2);
        assertThat(error())
                .isEqualTo(
                        "fraud-detection: --format csv is not offered by --sink kafka; choose one"
                                + " of json");
        console.reset();
        assertThat(Main.run("fraud-detection", "--sink", "print", "--format", "parquet"))
                .isEqualTo(2);
        assertThat(error())
                .isEqualTo(
                        "fraud-detection: --format parquet is not offered by --sink print; choose"
                                + " one of table, json");
        console.reset();
        assertThat(
                        Main.run(
                                "fraud-detection",
                                "--sink",
                                "file",
                                "--output",
                                dir.toString(),
                                "--format",
                                "table"))
                .isEqualTo(2);
        assertThat(error())
                .isEqualTo(
                        "fraud-detection: --format table is not offered by --sink file; choose one"
                                + " of json, csv, parquet");
        console.reset();
        assertThat(Main.run("fraud-detection", "--format", "xml")).isEqualTo(2);
        assertThat(error()).contains("--format", "xml", "table, json, csv, parquet");
    }

    @Test
    void partitionByAnUnknownOrNonTimestampFieldFailsBeforeTheJobRuns() {
        String[] base = FileToFileRun.args("transaction-analytics", input, dir.resolve("never"));
        assertThat(Main.run(Await.concat(base, "--partition-by", "day"))).isEqualTo(2);
        assertThat(error())
                .isEqualTo(
                        "transaction-analytics: --partition-by day: no such field in LocationStats"
                            + " (window_start, window_end, location, transaction_count,"
                            + " total_amount, avg_amount, max_amount); choose one of window_start,"
                            + " window_end");
        console.reset();
        assertThat(Main.run(Await.concat(base, "--partition-by", "location"))).isEqualTo(2);
        assertThat(error())
                .isEqualTo(
                        "transaction-analytics: --partition-by location: not a timestamp field of "
                                + "LocationStats; choose one of window_start, window_end");
        console.reset();
        assertThat(
                        Main.run(
                                "transaction-analytics",
                                "--sink",
                                "print",
                                "--partition-by",
                                "window_start"))
                .isEqualTo(2);
        assertThat(error())
                .isEqualTo(
                        "transaction-analytics: --partition-by writes date= folders of files: "
                                + "it needs --sink file, not --sink print");
        assertThat(dir.resolve("never")).doesNotExist();
    }
}
