package dev.flinkrecipes.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.testing.Checkpoints;
import dev.flinkrecipes.testing.FileToFileRun;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.StateSnapshots;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.state.rocksdb.ConfigurableRocksDBOptionsFactory;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

/**
 * {@code --state-backend} decides where a job's keyed state lives, whatever else the job's
 * configuration says: the run also carries {@code state.backend.type} of the other kind, as a
 * client's config.yaml sends it with every job. The JobManager reports the backend (REST {@code
 * /jobs/:id/checkpoints/config}), and the retained checkpoint holds RocksDB's incremental handles
 * or the heap backend's full key-group snapshots. On RocksDB the job brings universal compaction
 * and LZ4, and a bloom filter in its memtables (measured faster with many keys), unless its
 * configuration names other settings or its own options factory: the options file of the RocksDB
 * instance the TaskManager opened says which it got.
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
        Path checkpoints = dir.resolve("checkpoints");
        FileToFileRun.Running started =
                FileToFileRun.startUserTotals(
                        client,
                        dir,
                        "--state-backend",
                        option,
                        "--conf",
                        "state.backend.type=" + clientConfig,
                        "--conf",
                        "execution.checkpointing.dir=" + checkpoints.toUri(),
                        "--conf",
                        "execution.checkpointing.externalized-checkpoint-retention="
                                + "RETAIN_ON_CANCELLATION");
        JobID job = started.job();
        try {
            assertThat(StateSnapshots.stateBackend(client, job)).isEqualTo(reportedBackend);
            Checkpoints.awaitCompleted(client, job, 2);
        } finally {
            started.cancel(client);
        }

        assertThat(StateSnapshots.keyedHandleKinds(StateSnapshots.latestCheckpoint(checkpoints)))
                .as("keyed state handles of the last checkpoint")
                .containsExactly(keyedHandle);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "nothing | kCompactionStyleUniversal | kLZ4Compression | true",
                "state.backend.rocksdb.compaction.style=LEVEL | kCompactionStyleLevel"
                        + " | kLZ4Compression | true",
                "state.backend.rocksdb.compression.per.level=NO_COMPRESSION"
                        + " | kCompactionStyleUniversal | kNoCompression | true",
                "state.backend.rocksdb.options-factory="
                        + "dev.flinkrecipes.state.StateBackendOptionTest$TheUsersOwnOptions"
                        + " | kCompactionStyleUniversal | kLZ4Compression | false"
            })
    void rocksDbIsTunedForNewKeysUnlessTheConfigurationSays(
            String configured,
            String compactionStyle,
            String compression,
            boolean memtableBloomFilter,
            @InjectClusterClient ClusterClient<?> client)
            throws Exception {
        Path rocksDbDir = dir.resolve("rocksdb");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--state-backend",
                                "rocksdb",
                                "--conf",
                                "state.backend.rocksdb.localdir=" + rocksDbDir));
        if (!configured.equals("nothing")) args.addAll(List.of("--conf", configured));
        FileToFileRun.Running started =
                FileToFileRun.startUserTotals(client, dir, args.toArray(String[]::new));
        JobID job = started.job();
        String options;
        try {
            Checkpoints.awaitCompleted(client, job, 1);
            options = StateSnapshots.rocksDbOptions(rocksDbDir, "", "user-totals");
        } finally {
            started.cancel(client);
        }
        assertThat(options)
                .containsPattern("(?m)^\\s*compaction_style=" + compactionStyle + "$")
                .containsPattern("(?m)^\\s*compression_per_level=" + compression + "$")
                .containsPattern(
                        "(?m)^\\s*memtable_whole_key_filtering=" + memtableBloomFilter + "$")
                .containsPattern(
                        "(?m)^\\s*memtable_prefix_bloom_size_ratio="
                                + (memtableBloomFilter ? "0\\.05" : "0\\.0+$"));
    }

    /** An operator's own options factory, which sets nothing: it replaces ours. */
    public static final class TheUsersOwnOptions implements ConfigurableRocksDBOptionsFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public DBOptions createDBOptions(DBOptions current, Collection<AutoCloseable> handles) {
            return current;
        }

        @Override
        public ColumnFamilyOptions createColumnOptions(
                ColumnFamilyOptions current, Collection<AutoCloseable> handles) {
            return current;
        }

        @Override
        public RocksDBOptionsFactory configure(ReadableConfig configuration) {
            return this;
        }
    }
}
