package dev.flinkrecipes.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.core.options.AfterCommit;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that cannot be archived (here: the archive folder's path is taken by a file) is left in
 * place with a warning: thrown, the failure failed the job, and the restore, which completes the
 * files its checkpoint lists, failed again on the same file, forever. The other files are still
 * archived.
 */
class CompleteFilesFailureTest {
    @TempDir Path dir;

    private OneInputStreamOperatorTestHarness<String, Void> harness(Path archive) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(
                        new CompleteFiles(AfterCommit.archive, archive.toUri().toString())));
    }

    @Test
    void aFileThatCannotBeArchivedNeitherFailsTheJobNorItsRestore() throws Exception {
        Path blocked =
                Files.writeString(
                        dir.resolve("archive"), "a file where the archive folder should be");
        Path a = Files.writeString(dir.resolve("a.json"), "x");
        OperatorSubtaskState snapshot;
        try (var h = harness(blocked)) {
            h.open();
            h.processElement(new StreamRecord<>(a.toUri().toString()));
            snapshot = h.snapshot(1, 1);
            h.notifyOfCompletedCheckpoint(1);
            assertThat(a).as("left where it is").exists();
        }
        try (var h = harness(blocked)) {
            h.initializeState(
                    snapshot); // completes what checkpoint 1 listed: a.json, which still cannot be
            // moved
            h.open();
            assertThat(a).exists();
        }
        Path b = Files.writeString(dir.resolve("b.json"), "y");
        try (var h = harness(dir.resolve("done"))) {
            h.open();
            h.processElement(new StreamRecord<>(b.toUri().toString()));
            h.snapshot(1, 1);
            h.notifyOfCompletedCheckpoint(1);
            assertThat(dir.resolve("done/b.json"))
                    .as("a file that can be archived still is")
                    .exists();
        }
    }
}
