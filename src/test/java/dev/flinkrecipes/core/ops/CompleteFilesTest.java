package dev.flinkrecipes.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.core.io.FilesPerCycle;
import dev.flinkrecipes.core.options.AfterCommit;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input files are deleted or archived only once a checkpoint that holds all their records
 * completes.
 */
class CompleteFilesTest {
    @TempDir java.nio.file.Path dir;

    private OneInputStreamOperatorTestHarness<String, Void> harness(AfterCommit action)
            throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(
                        new CompleteFiles(action, dir.resolve("archive").toUri().toString())));
    }

    @Test
    void deletesAFileOnlyWhenTheCheckpointAfterItsLastRecordCompletes() throws Exception {
        java.nio.file.Path a = Files.writeString(dir.resolve("a.json"), "x");
        java.nio.file.Path b = Files.writeString(dir.resolve("b.json"), "y");
        try (var h = harness(AfterCommit.delete)) {
            h.open();
            h.processElement(new StreamRecord<>(a.toUri().toString()));
            h.snapshot(1, 1);
            h.processElement(
                    new StreamRecord<>(b.toUri().toString())); // read after checkpoint 1 was taken
            assertThat(a).as("checkpoint 1 not complete yet").exists();
            h.notifyOfCompletedCheckpoint(1);
            assertThat(a).doesNotExist();
            assertThat(b).as("its records are not in checkpoint 1").exists();
            h.snapshot(2, 2);
            h.notifyOfCompletedCheckpoint(2);
            assertThat(b).doesNotExist();
        }
    }

    @Test
    void aRestoreFinishesWhatTheCheckpointListed() throws Exception {
        java.nio.file.Path a = Files.writeString(dir.resolve("a.json"), "x");
        OperatorSubtaskState snapshot;
        try (var h = harness(AfterCommit.archive)) {
            h.open();
            h.processElement(new StreamRecord<>(a.toUri().toString()));
            snapshot =
                    h.snapshot(1, 1); // the job fails before checkpoint 1's completion reaches this
            // operator
        }
        assertThat(a).exists();
        try (var h = harness(AfterCommit.archive)) {
            h.initializeState(snapshot);
            h.open();
            assertThat(a).doesNotExist();
            assertThat(dir.resolve("archive/a.json")).exists();
        }
    }

    @Test
    void atMostNFilesStartPerDiscoveryCycle() {
        List<FileSourceSplit> splits = new ArrayList<>();
        for (int i = 0; i < 5; i++)
            splits.add(new FileSourceSplit("s" + i, new Path("/in/f" + i), 0, 1, 0, 1));
        FileSplitAssigner assigner = FilesPerCycle.provider(2, 3_600_000).create(splits);
        assertThat(assigner.getNext(null)).isPresent();
        assertThat(assigner.getNext(null)).isPresent();
        assertThat(assigner.getNext(null)).as("the third waits for the next cycle").isEmpty();
        assertThat(assigner.remainingSplits()).hasSize(3);
    }
}
