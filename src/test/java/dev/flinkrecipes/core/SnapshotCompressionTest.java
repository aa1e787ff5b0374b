package dev.flinkrecipes.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.testing.Checkpoints;
import dev.flinkrecipes.testing.FileToFileRun;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.StateSnapshots;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A job's keyed state snapshots are compressed unless its command line says otherwise: Flink reads
 * an uncompressed heap snapshot from a local file one small read per field (restoring 10 M users
 * took minutes), a compressed one in blocks. Checked in the retained heap checkpoint of a running
 * {@code user-totals}, as Flink reads it at restore: the key-group compression flag of each keyed
 * state handle.
 */
class SnapshotCompressionTest {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @TempDir Path dir;

    @ParameterizedTest(name = "{0} -> compressed: {1}")
    @CsvSource({
        "'', true",
        "execution.checkpointing.snapshot-compression=false, false",
    })
    void keyedSnapshotsAreCompressedUnlessTheJobSaysNo(
            String conf, boolean compressed, @InjectClusterClient ClusterClient<?> client)
            throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--state-backend",
                                "hashmap",
                                "--conf",
                                "execution.checkpointing.dir=" + checkpoints.toUri(),
                                "--conf",
                                "execution.checkpointing.externalized-checkpoint-retention="
                                        + "RETAIN_ON_CANCELLATION"));
        if (!conf.isEmpty()) args.addAll(List.of("--conf", conf));
        FileToFileRun.Running started =
                FileToFileRun.startUserTotals(client, dir, args.toArray(String[]::new));
        JobID job = started.job();
        try {
            Checkpoints.awaitCompleted(client, job, 2);
        } finally {
            started.cancel(client);
        }

        List<Boolean> flags = new ArrayList<>();
        for (OperatorState operator :
                StateSnapshots.metadata(StateSnapshots.latestCheckpoint(checkpoints))
                        .getOperatorStates()) {
            for (OperatorSubtaskState subtask : operator.getStates()) {
                for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
                    flags.add(usesKeyGroupCompression((KeyGroupsStateHandle) handle));
                }
            }
        }
        assertThat(flags).as("key-group compression of each keyed state handle").isNotEmpty();
        assertThat(flags).containsOnly(compressed);
    }

    /** The flag in the snapshot's header that Flink's restore reads to pick its decompressor. */
    private static boolean usesKeyGroupCompression(KeyGroupsStateHandle handle) throws Exception {
        try (InputStream in = handle.openInputStream()) {
            KeyedBackendSerializationProxy<Object> header =
                    new KeyedBackendSerializationProxy<>(
                            SnapshotCompressionTest.class.getClassLoader());
            header.read(new DataInputViewStreamWrapper(in));
            return header.isUsingKeyGroupCompression();
        }
    }
}
