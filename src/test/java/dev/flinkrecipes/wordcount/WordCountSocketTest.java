package dev.flinkrecipes.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.Checkpoints;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The word count against a scripted socket: the test is the {@code nc -lk 9999} the job connects
 * to; it sends two batches of lines, a few triggers apart, then closes. Each mode's rows are
 * checked against counts made here.
 */
class WordCountSocketTest {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @TempDir Path dir;

    static final List<String> FIRST =
            List.of("en un lugar de la Mancha", "de cuyo nombre no quiero acordarme", "");
    static final List<String> SECOND =
            List.of("un hidalgo de los de lanza", "\tadarga  antigua  y galgo corredor ");

    /**
     * Runs word-count in a mode against a server socket that sends FIRST, waits, sends SECOND,
     * waits, closes.
     */
    private List<JsonNode> run(ClusterClient<?> cluster, String mode) throws Exception {
        Path out = dir.resolve(mode);
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<Integer> job =
                    CompletableFuture.supplyAsync(
                            () ->
                                    Main.run(
                                            "word-count",
                                            "--output-mode",
                                            mode,
                                            "--socket-port",
                                            String.valueOf(server.getLocalPort()),
                                            "--trigger",
                                            "500ms",
                                            "--sink",
                                            "file",
                                            "--output",
                                            out.toString(),
                                            "--checkpoint-interval",
                                            "200ms",
                                            "--parallelism",
                                            "1"));
            try (Socket client = server.accept();
                    OutputStream os = client.getOutputStream();
                    PrintWriter w = new PrintWriter(os, true, StandardCharsets.UTF_8)) {
                Checkpoints.awaitCompleted(
                        cluster, Await.runningJob(cluster), 1); // running, and has checkpointed
                FIRST.forEach(w::println);
                // Each sending is committed in a trigger of its own before the next goes (the
                // modes' checks count tables per sending, one update per change).
                awaitCommitted(out, "Mancha", 1);
                SECOND.forEach(w::println);
                awaitCommitted(out, "hidalgo", 1);
            }
            assertThat(job.get()).isZero();
        }
        return JsonlFiles.readCommitted(out.resolve("results"));
    }

    /** Waits until {@code batches} committed triggers (batches) have a row for {@code word}. */
    private static void awaitCommitted(Path out, String word, int batches) throws Exception {
        Await.untilChecked(
                batches + " committed batches with a row for '" + word + "'",
                Duration.ofSeconds(60),
                () ->
                        Files.isDirectory(out.resolve("results"))
                                && JsonlFiles.readCommitted(out.resolve("results")).stream()
                                                .filter(r -> word.equals(r.get("word").asText()))
                                                .map(r -> r.get("batch").asText())
                                                .distinct()
                                                .count()
                                        >= batches,
                () -> "");
    }

    private static Map<String, Long> count(List<String> lines) {
        Map<String, Long> counts = new TreeMap<>();
        List<String> words = new ArrayList<>();
        Collector<String> into =
                new Collector<>() {
                    public void collect(String w) {
                        words.add(w);
                    }

                    public void close() {}
                };
        lines.forEach(l -> new Words(Words.Case.keep, Words.Punctuation.keep).flatMap(l, into));
        words.forEach(w -> counts.merge(w, 1L, Long::sum));
        return counts;
    }

    private static long batch(JsonNode r) {
        return java.time.Instant.parse(r.get("batch").asText())
                .toEpochMilli(); // not the text: "01Z" sorts after "01.500Z"
    }

    private static Map<Long, Map<String, Long>> byBatch(List<JsonNode> rows) {
        Map<Long, Map<String, Long>> batches = new TreeMap<>();
        for (JsonNode r : rows) {
            Long previous =
                    batches.computeIfAbsent(batch(r), k -> new TreeMap<>())
                            .put(r.get("word").asText(), r.get("count").asLong());
            assertThat(previous).as("one row per word and batch").isNull();
        }
        return batches;
    }

    private static Map<String, Long> total() {
        List<String> all = new ArrayList<>(FIRST);
        all.addAll(SECOND);
        return count(all);
    }

    /** The batch timing depends on the clock; what each mode must show does not. */
    @Test
    void completeModeShowsAllCountsAtEachTrigger(@InjectClusterClient ClusterClient<?> client)
            throws Exception {
        List<Map<String, Long>> tables = new ArrayList<>(byBatch(run(client, "complete")).values());
        assertThat(count(FIRST)).containsEntry("de", 2L).doesNotContainKey("");
        // A table for each sending; none while no line comes (Spark runs no batch without new
        // data), so the idle triggers between and after the sendings write nothing.
        assertThat(tables).hasSize(2);
        assertThat(tables.get(tables.size() - 1)).isEqualTo(total());
        for (int i = 1; i < tables.size(); i++) {
            // A complete table never loses a word and never counts down.
            Map<String, Long> before = tables.get(i - 1), now = tables.get(i);
            assertThat(now.keySet()).containsAll(before.keySet());
            before.forEach((w, c) -> assertThat(now.get(w)).isGreaterThanOrEqualTo(c));
        }
        assertThat(tables).allSatisfy(t -> assertThat(t).containsKey("Mancha"));
    }

    @Test
    void updateModeShowsOnlyTheWordsThatChanged(@InjectClusterClient ClusterClient<?> client)
            throws Exception {
        List<JsonNode> rows = new ArrayList<>(run(client, "update"));
        rows.sort(
                java.util.Comparator.comparingLong(
                        WordCountSocketTest::batch)); // files are not in emission order
        Map<String, Long> last = new HashMap<>();
        Map<String, Integer> emissions = new HashMap<>();
        for (JsonNode r : rows) {
            String w = r.get("word").asText();
            assertThat(r.get("count").asLong()).isGreaterThan(last.getOrDefault(w, 0L));
            last.put(w, r.get("count").asLong());
            emissions.merge(w, 1, Integer::sum);
        }
        assertThat(last).isEqualTo(total());
        // "Mancha" changes once: shown once, not at every trigger as in complete mode; "de" changes
        // in both batches.
        assertThat(emissions.get("Mancha")).isEqualTo(1);
        assertThat(emissions.get("de")).isEqualTo(2);
    }

    @Test
    void appendModeCountsEachBatchOnItsOwnAsTheDStreamVersionDoes(
            @InjectClusterClient ClusterClient<?> client) throws Exception {
        List<Map<String, Long>> batches = new ArrayList<>(byBatch(run(client, "append")).values());
        Map<String, Long> summed = new TreeMap<>();
        batches.forEach(b -> b.forEach((w, c) -> summed.merge(w, c, Long::sum)));
        assertThat(summed).isEqualTo(total());
        // Each batch counts only its own lines: "de" (2 per sending) is never above 2 in one batch.
        assertThat(batches)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(b -> assertThat(b.getOrDefault("de", 0L)).isLessThanOrEqualTo(2));
    }
}
