package dev.flinkrecipes.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.Main;
import dev.flinkrecipes.testing.ConsoleCapture;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs run with {@code --sink print} on a MiniCluster, stdout captured: a Spark-like table per
 * batch, numbered from 0, each whole and never cut into by another, and the run summary at the end.
 */
class ConsoleSinkJobTest {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    static final String RULE = "-------------------------------------------";

    /** One batch as the console prints it: header, column line, rows, closing line, blank line. */
    static final Pattern BATCH =
            Pattern.compile(
                    RULE
                            + "\nBatch: (\\d+)\n"
                            + RULE
                            + "\n"
                            + "(\\+[-+]+\\+)\n"
                            + "(\\|.*\\|)\n"
                            + "\\2\n"
                            + "((?:\\|.*\\|\n"
                            + ")*)\\2\n"
                            + "(only showing top \\d+ rows?\n"
                            + ")?\n");

    @TempDir Path dir;
    @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

    record Batch(long id, List<String> columns, List<List<String>> rows, String footer) {}

    /**
     * Every batch printed, in order; fails on anything else between the first batch and the summary
     * line.
     */
    /** The batches on stdout, which holds nothing else (the run summary is on stderr). */
    List<Batch> batches(String out, String summaryStart) {
        int from = out.indexOf(RULE + "\nBatch: ");
        assertThat(from).as("a batch printed:\n%s", out).isZero();
        assertThat(console.err()).as("the run summary, on stderr").contains(summaryStart);
        String printed = out;
        List<Batch> batches = new ArrayList<>();
        Matcher m = BATCH.matcher(printed);
        int at = 0;
        while (at < printed.length()) {
            assertThat(m.find(at) && m.start() == at)
                    .as("a whole batch at offset %d of:\n%s", at, printed)
                    .isTrue();
            List<List<String>> rows = new ArrayList<>();
            for (String line : m.group(4).split("\n")) if (!line.isEmpty()) rows.add(cells(line));
            batches.add(new Batch(Long.parseLong(m.group(1)), cells(m.group(3)), rows, m.group(5)));
            at = m.end();
        }
        return batches;
    }

    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        for (String c : line.substring(1, line.length() - 1).split("\\|", -1)) cells.add(c.strip());
        return cells;
    }

    @Test
    void wordCountPrintsTheWholeTableOfEachTriggerSortedAsSparksExamples() throws Exception {
        List<String> lines = new ArrayList<>();
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            String line = "w" + (i % 25) + " w" + (i * 7 % 25) + " common";
            lines.add(line);
            for (String w : line.split(" ")) expected.merge(w, 1L, Long::sum);
        }
        Path input = JsonlFiles.write(dir.resolve("lines.txt"), lines);

        assertThat(
                        Main.run(
                                "word-count",
                                "--source",
                                "file",
                                "--input",
                                input.toString(),
                                "--max-rate",
                                "40",
                                "--trigger",
                                "1s",
                                "--checkpoint-interval",
                                "1s",
                                "--parallelism",
                                "2"))
                .isZero();

        List<Batch> batches = batches(console.out(), "word-count finished: ");
        assertThat(batches.size())
                .as("a batch per trigger over about 3 s, and the last one")
                .isGreaterThanOrEqualTo(2);
        Map<String, Long> seen = new HashMap<>();
        for (int b = 0; b < batches.size(); b++) {
            Batch batch = batches.get(b);
            assertThat(batch.id()).isEqualTo(b);
            assertThat(batch.columns()).containsExactly("word", "count");
            // Most frequent first, then by word, and a word's count never goes down from one batch
            // to the next.
            List<List<String>> sorted = new ArrayList<>(batch.rows());
            sorted.sort(
                    Comparator.<List<String>>comparingLong(r -> -Long.parseLong(r.get(1)))
                            .thenComparing(r -> r.get(0)));
            assertThat(batch.rows()).isEqualTo(sorted);
            assertThat(batch.rows()).hasSizeLessThanOrEqualTo(20);
            for (List<String> row : batch.rows()) {
                long count = Long.parseLong(row.get(1));
                assertThat(count)
                        .isGreaterThanOrEqualTo(seen.getOrDefault(row.get(0), 0L))
                        .isLessThanOrEqualTo(expected.get(row.get(0)));
                seen.put(row.get(0), count);
            }
        }
        // The last batch is the whole table at the end of the input: its top 20, and the line that
        // says so.
        List<List<String>> top =
                expected.entrySet().stream()
                        .sorted(
                                Map.Entry.<String, Long>comparingByValue()
                                        .reversed()
                                        .thenComparing(Map.Entry.comparingByKey()))
                        .limit(20)
                        .map(e -> List.of(e.getKey(), String.valueOf(e.getValue())))
                        .toList();
        Batch last = batches.get(batches.size() - 1);
        assertThat(last.rows()).isEqualTo(top);
        assertThat(last.footer()).isEqualTo("only showing top 20 rows\n");
    }

    @Test
    void aWindowJobPrintsTheRowsEachCheckpointCommittedAndTheRunSummary() throws Exception {
        String t = "2024-01-15T10:";
        List<String> lines =
                List.of(
                        txn("t1", "user_1", t + "00:00Z"),
                        txn("t2", "user_1", t + "01:00Z"),
                        txn("t3", "user_1", t + "02:00Z"),
                        txn("t4", "user_2", t + "03:00Z"),
                        txn(
                                "t5",
                                "user_1",
                                t + "20:00Z"), // watermark to 10:15: the 10:00 window closes
                        txn("t6", "user_2", t + "05:00Z"), // late for it
                        "not json at all",
                        "{\"user_id\":\"user_3\",\"amount\":\"12\",\"timestamp\":\"2024-01-15T10:21:00Z\",\"category\":\"Gas\",\"location\":\"Madrid\"}",
                        txn("t9", "user_1", t + "21:00Z"),
                        txn("t10", "user_3", t + "22:00Z"));
        Path input = JsonlFiles.write(dir.resolve("txns.jsonl"), lines);

        assertThat(
                        Main.run(
                                "user-spending",
                                "--source",
                                "file",
                                "--input",
                                input.toString(),
                                "--sink",
                                "print",
                                "--max-rate",
                                "5",
                                "--checkpoint-interval",
                                "300ms",
                                "--parallelism",
                                "1",
                                "--watermark-emission",
                                "per_event"))
                .isZero();

        String out = console.out();
        assertThat(console.err())
                .containsPattern(
                        "\n"
                                + "user-spending finished: 10 records in, 4 results out, 2 dead"
                                + " letters, 1 late record in \\d+\\.\\d s\n");
        List<Batch> batches = batches(out, "user-spending finished: ");
        // The 10:00 window's rows were committed by a checkpoint long before the input ended; the
        // rest at its end.
        assertThat(batches).extracting(Batch::id).containsExactly(0L, 1L);
        int user = batches.get(0).columns().indexOf("user_id");
        int start = batches.get(0).columns().indexOf("window_start");
        assertThat(batches.get(0).rows())
                .extracting(r -> r.get(start) + " " + r.get(user))
                .containsExactlyInAnyOrder(
                        "2024-01-15T10:00:00Z user_1", "2024-01-15T10:00:00Z user_2");
        assertThat(batches.get(1).rows())
                .extracting(r -> r.get(start) + " " + r.get(user))
                .containsExactlyInAnyOrder(
                        "2024-01-15T10:20:00Z user_1", "2024-01-15T10:20:00Z user_3");
        assertThat(new HashSet<>(batches.get(0).columns()))
                .contains("window_end", "transaction_count", "total_spent");
    }

    static String txn(String id, String user, String ts) {
        return "{\"transaction_id\":\""
                + id
                + "\",\"user_id\":\""
                + user
                + "\",\"amount\":10.50,\"merchant\":\"Amazon\","
                + "\"category\":\"Gas\",\"timestamp\":\""
                + ts
                + "\",\"location\":\"Madrid\"}";
    }
}
