package dev.flinkrecipes.core.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.junit.jupiter.api.Test;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;

/**
 * What {@code --state-backend} puts into a job's configuration: the backend, incremental
 * checkpoints for RocksDB, and RocksDB's bloom filter, universal compaction, LZ4 compression and
 * the memtables' bloom filter (measured faster with many keys), each unless the job's {@code
 * --conf} or the cluster's configuration names it.
 */
class StateBackendKindTest {
    @Test
    void rocksdbWithIncrementalCheckpointsAndItsTuning() {
        Configuration job = new Configuration();
        StateBackendKind.rocksdb.applyTo(job);
        StateBackendKind.tuneWhereUnset(job.clone(), job);
        assertThat(job.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(job.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(job.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isTrue();
        assertThat(job.get(RocksDBConfigurableOptions.COMPACTION_STYLE))
                .isEqualTo(CompactionStyle.UNIVERSAL);
        assertThat(job.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .containsExactly(CompressionType.LZ4_COMPRESSION);
        assertThat(job.get(RocksDBOptions.OPTIONS_FACTORY))
                .isEqualTo(MemtableBloomFilter.class.getName());
    }

    /** The job's {@code --conf} or the cluster's configuration, as the job was started with. */
    @Test
    void whatTheStartedConfigurationSaysWins() {
        Configuration started = new Configuration();
        StateBackendKind.rocksdb.applyTo(started);
        started.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, false);
        started.set(RocksDBConfigurableOptions.COMPACTION_STYLE, CompactionStyle.LEVEL);
        started.set(
                RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL,
                List.of(CompressionType.NO_COMPRESSION));
        started.set(RocksDBOptions.OPTIONS_FACTORY, "com.example.TheirOwnOptions");
        Configuration job = new Configuration();
        StateBackendKind.tuneWhereUnset(started, job);
        assertThat(job.contains(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isFalse();
        assertThat(job.contains(RocksDBConfigurableOptions.COMPACTION_STYLE)).isFalse();
        assertThat(job.contains(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL)).isFalse();
        assertThat(job.contains(RocksDBOptions.OPTIONS_FACTORY)).isFalse();
    }

    /** Without {@code --state-backend} on a cluster of {@code state.backend.type: rocksdb}. */
    @Test
    void aRocksDbClusterGetsWhatItsConfigurationLacks() {
        Configuration cluster = new Configuration();
        cluster.setString("state.backend.type", "rocksdb");
        cluster.set(RocksDBConfigurableOptions.COMPACTION_STYLE, CompactionStyle.LEVEL);
        Configuration job = new Configuration();
        StateBackendKind.tuneWhereUnset(cluster, job);
        assertThat(job.contains(RocksDBConfigurableOptions.COMPACTION_STYLE)).isFalse();
        assertThat(job.get(RocksDBOptions.OPTIONS_FACTORY))
                .isEqualTo(MemtableBloomFilter.class.getName());

        Configuration heapCluster = new Configuration();
        StateBackendKind.tuneWhereUnset(heapCluster, job = new Configuration());
        assertThat(job.toMap()).isEmpty();
    }

    @Test
    void heapWithFullCheckpointsAndNoRocksDbSettings() {
        Configuration job = new Configuration();
        StateBackendKind.hashmap.applyTo(job);
        StateBackendKind.tuneWhereUnset(job.clone(), job);
        assertThat(job.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(job.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isFalse();
        assertThat(job.contains(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isFalse();
        assertThat(job.contains(RocksDBConfigurableOptions.COMPACTION_STYLE)).isFalse();
        assertThat(job.contains(RocksDBOptions.OPTIONS_FACTORY)).isFalse();
    }
}
