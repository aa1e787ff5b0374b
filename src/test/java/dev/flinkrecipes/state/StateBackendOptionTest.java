package dev.flinkrecipes.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.Main;
import dev.flinkrecipes.commerce.CommerceEventGenerator;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.Checkpoints;
import dev.flinkrecipes.testing.FileToFileRun;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.StateSnapshots;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --state-backend} decides where a job's keyed state lives, whatever else the job's
 * configuration says: the run also carries {@code state.backend.type} of the other kind, as a
 * client's config.yaml sends it with every job. The JobManager reports the backend (REST {@code
 * /jobs/:id/checkpoints/config}), and the retained checkpoint holds RocksDB's incremental handles
 * or the heap backend's full key-group snapshots.
 */
class StateBackendOptionTest {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @TempDir Path dir;

    @ParameterizedTest(name = "--state-backend {0}")
    @CsvSource({
        "rocksdb, hashmap, EmbeddedRocksDBStateBackend, IncrementalRemoteKeyedStateHandle",
        "hashmap, rocksdb, HashMapStateBackend, KeyGroupsStateHandle"
    })
    void theOptionDecidesTheJobsStateBackend(
            String option,
            String clientConfig,
            String reportedBackend,
            String keyedHandle,
            @InjectClusterClient ClusterClient<?> client)
            throws Exception {
        Path in = FileToFileRun.generatedInput(dir.resolve("in"), CommerceEventGenerator::new, 200);
        Path checkpoints = dir.resolve("checkpoints");
        String[] args =
                FileToFileRun.watching(
                        "user-totals",
                        in,
                        dir.resolve("out"),
                        "300ms",
                        "--parallelism",
                        "1",
                        "--state-backend",
                        option,
                        "--conf",
                        "state.backend.type=" + clientConfig,
                        "--conf",
                        "execution.checkpointing.dir=" + checkpoints.toUri(),
                        "--conf",
                        "execution.checkpointing.externalized-checkpoint-retention="
                                + "RETAIN_ON_CANCELLATION");
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(args));
        JobID job = Await.runningJob(client);
        try {
            assertThat(StateSnapshots.stateBackend(client, job)).isEqualTo(reportedBackend);
            Checkpoints.awaitCompleted(client, job, 2);
        } finally {
            client.cancel(job).get();
            run.join();
        }

        assertThat(StateSnapshots.keyedHandleKinds(StateSnapshots.latestCheckpoint(checkpoints)))
                .as("keyed state handles of the last checkpoint")
                .containsExactly(keyedHandle);
    }
}
