package dev.flinkrecipes.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.core.options.StateBackendKind;
import dev.flinkrecipes.testing.FileToFileRun;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.OnEveryStateBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every output mode writes what a bounded input held when it ends, even when the input ends long
 * before the first trigger (Spark's availableNow runs the last batch): the words of a file counted
 * here, against the job's rows. Append mode used Flink's processing-time window, which never fires
 * after the input ends, and lost everything.
 */
@OnEveryStateBackend
class WordCountBoundedInputTest {
    @Parameter StateBackendKind stateBackend;

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"append", "update", "complete"})
    void everyModeCountsEveryWordOfABoundedInput(String mode) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            lines.add("en un lugar de la Mancha " + i % 7 + " de cuyo nombre no quiero acordarme");
        }
        Path input = Files.write(dir.resolve("text.txt"), lines, StandardCharsets.UTF_8);
        Map<String, Long> expected = new TreeMap<>();
        for (String line : lines) {
            for (String w : line.split("\\s+")) expected.merge(w, 1L, Long::sum);
        }

        // A trigger far longer than the run: only the end of the input can write the counts.
        List<JsonNode> rows =
                FileToFileRun.results(
                        "word-count",
                        input,
                        dir.resolve("out"),
                        OnEveryStateBackend.Options.with(
                                stateBackend,
                                "--output-mode",
                                mode,
                                "--trigger",
                                "1h",
                                "--parallelism",
                                "2"));

        Map<String, Long> counted = new TreeMap<>();
        for (JsonNode row : rows)
            counted.merge(row.get("word").asText(), row.get("count").asLong(), Long::sum);
        assertThat(counted).isEqualTo(expected);
        assertThat(rows).as("one row per word: one batch").hasSize(expected.size());
    }
}
