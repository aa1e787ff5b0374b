package dev.flinkrecipes.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.SaveMode;
import dev.flinkrecipes.core.options.SinkKind;
import dev.flinkrecipes.testing.ConsoleCapture;
import dev.flinkrecipes.testing.FileToFileRun;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second run into the same {@code --output} never mixes its rows into the first's by surprise: it
 * is refused before the job starts unless {@code --mode append|overwrite} says what to do (as
 * Spark's {@code DataFrameWriter.mode}), or it resumes the checkpoint that wrote the files.
 */
class OutputFolderTest {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();
    @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

    @TempDir Path dir;

    private Path input() throws Exception {
        return Files.write(
                dir.resolve("lines.txt"),
                List.of("a b c", "b c", "c"),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private String[] wordCount(Path out, String... extra) throws Exception {
        return FileToFileRun.args(
                "word-count",
                input(),
                out,
                dev.flinkrecipes.testing.Await.concat(
                        new String[] {"--output-mode", "complete", "--trigger", "1h"}, extra));
    }

    @Test
    void aSecondRunIsRefusedUnlessTheModeSaysAppendOrOverwrite() throws Exception {
        Path out = dir.resolve("out");
        assertThat(Main.run(wordCount(out))).isZero();
        assertThat(JsonlFiles.readCommitted(out.resolve("results"))).hasSize(3);

        assertThat(Main.run(wordCount(out))).as("the same command again").isEqualTo(1);
        assertThat(console.errFlat())
                .contains("already holds")
                .contains("from an earlier run")
                .contains("--mode append")
                .contains("--mode overwrite");
        assertThat(JsonlFiles.readCommitted(out.resolve("results"))).as("untouched").hasSize(3);

        assertThat(Main.run(wordCount(out, "--mode", "append"))).isZero();
        assertThat(JsonlFiles.readCommitted(out.resolve("results"))).hasSize(6);

        assertThat(Main.run(wordCount(out, "--mode", "overwrite", "--format", "csv"))).isZero();
        try (var files = Files.walk(out.resolve("results"))) {
            assertThat(files.filter(Files::isRegularFile).map(Path::toString))
                    .as("only this run's CSV files, no JSON of the runs before")
                    .isNotEmpty()
                    .allMatch(name -> name.endsWith(".csv"));
        }
    }

    @Test
    void aMistypedModeNamesTheChoices() throws Exception {
        assertThat(Main.run(wordCount(dir.resolve("out"), "--mode", "upsert"))).isEqualTo(2);
        assertThat(console.errFlat()).contains("errorifexists, append, overwrite");
    }

    private static JobOptions fileSink(Path out, SaveMode mode) {
        JobOptions o = new JobOptions();
        o.output.sink = SinkKind.file;
        o.output.folder = out;
        o.output.saveMode = mode;
        return o;
    }

    @Test
    void overwriteDeletesOnlyWhatJobsWrite() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("results"));
        Files.writeString(out.resolve("results/part-0.jsonl"), "{}\n");
        Files.createDirectories(out.resolve("dlq-updates"));
        Preflight.output(fileSink(out, SaveMode.overwrite), false, true);
        assertThat(out).isEmptyDirectory();

        Files.writeString(out.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> Preflight.output(fileSink(out, SaveMode.overwrite), false, true))
                .hasMessageContaining("also holds notes.txt");
        assertThat(out.resolve("notes.txt")).exists();
    }

    @Test
    void aRunThatResumesItsCheckpointAppendsToItsOwnFiles() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("results"));
        Preflight.output(fileSink(out, SaveMode.errorifexists), true, true); // no error
    }

    @Test
    void anOutputThatCannotBeAFolderOrBeWrittenIsRefusedBeforeTheJobStarts() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(
                        () ->
                                Preflight.output(
                                        fileSink(file.resolve("out"), SaveMode.errorifexists),
                                        false,
                                        true))
                .hasMessageContaining("is a file, not a folder");

        assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        assertThatThrownBy(
                        () ->
                                Preflight.output(
                                        fileSink(locked.resolve("out"), SaveMode.errorifexists),
                                        false,
                                        true))
                .hasMessageContaining("cannot be written");
    }
}
