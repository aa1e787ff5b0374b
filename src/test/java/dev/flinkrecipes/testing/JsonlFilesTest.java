package dev.flinkrecipes.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a FileSink's output: part files in the order each writer wrote them, nothing else
 * tolerated.
 */
class JsonlFilesTest {
    static final String WRITER_A = "0b6f1c2e-5d1e-4a7b-9a52-3f0e8c1d2a4b";
    static final String WRITER_B = "f3e1d2c4-1111-4222-8333-944455566677";

    @TempDir Path dir;

    private void part(Path folder, String name, int n) throws Exception {
        JsonlFiles.write(folder.resolve(name), List.of("{\"n\":" + n + "}"));
    }

    @Test
    void partFilesAreReadInTheirCountersOrderNotAsText() throws Exception {
        Path out = dir.resolve("results");
        for (int counter : new int[] {10, 2, 0, 11, 1, 9}) {
            part(out, "part-" + WRITER_A + "-" + counter + ".jsonl", counter);
        }
        part(
                out,
                "part-" + WRITER_B + "-0.jsonl",
                100); // another writer: after all of A's (uuid order)
        part(out, ".part-" + WRITER_A + "-12.jsonl.inprogress.7d3c", -1); // not committed yet
        part(out.resolve("dt=2024-01-16"), "part-" + WRITER_A + "-3.jsonl", 200); // a later bucket

        assertThat(JsonlFiles.readCommitted(out))
                .extracting(r -> r.get("n").asInt())
                .containsExactly(0, 1, 2, 9, 10, 11, 100, 200);
        assertThat(JsonlFiles.committedParts(out))
                .extracting(f -> f.getFileName().toString())
                .startsWith(
                        "part-" + WRITER_A + "-0.jsonl",
                        "part-" + WRITER_A + "-1.jsonl",
                        "part-" + WRITER_A + "-2.jsonl",
                        "part-" + WRITER_A + "-9.jsonl",
                        "part-" + WRITER_A + "-10.jsonl");
    }

    @Test
    void suffixesWithDotsAndNoSuffixAreParts() throws Exception {
        Path out = dir.resolve("parquet");
        Files.createDirectories(out);
        Files.writeString(out.resolve("part-" + WRITER_A + "-10.snappy.parquet"), "");
        Files.writeString(out.resolve("part-" + WRITER_A + "-2"), "");
        assertThat(JsonlFiles.committedParts(out))
                .extracting(f -> f.getFileName().toString())
                .containsExactly(
                        "part-" + WRITER_A + "-2", "part-" + WRITER_A + "-10.snappy.parquet");
    }

    @Test
    void aFolderNotYetCreatedHoldsNothing() throws Exception {
        assertThat(JsonlFiles.readCommitted(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void aFileTheSinkDidNotWriteFailsTheRead() throws Exception {
        Path out = dir.resolve("results");
        part(out, "part-" + WRITER_A + "-0.jsonl", 0);
        part(out, "notes.txt", 1);
        assertThatThrownBy(() -> JsonlFiles.readCommitted(out))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("notes.txt");
    }

    @Test
    void aLineThatIsNotJsonFailsTheRead() throws Exception {
        Path out = dir.resolve("results");
        JsonlFiles.write(
                out.resolve("part-" + WRITER_A + "-0.jsonl"), List.of("{\"n\":1}", "{\"n\":"));
        assertThatThrownBy(() -> JsonlFiles.readCommitted(out)).hasMessageContaining("not JSON");
    }
}
