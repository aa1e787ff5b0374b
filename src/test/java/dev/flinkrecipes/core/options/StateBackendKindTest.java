package dev.flinkrecipes.core.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.junit.jupiter.api.Test;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;

/**
 * What {@code --state-backend} puts into a job's configuration: the backend, incremental
 * checkpoints for RocksDB, and RocksDB's bloom filter, universal compaction and LZ4 compression
 * (measured faster with many keys), each unless the job's {@code --conf} or the cluster's
 * configuration names it.
 */
class StateBackendKindTest {
    @Test
    void rocksdbWithIncrementalCheckpointsAndItsTuning() {
        Configuration job = new Configuration();
        StateBackendKind.rocksdb.applyTo(job);
        StateBackendKind.rocksdb.tuneWhereUnset(new Configuration(), job);
        assertThat(job.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(job.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(job.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isTrue();
        assertThat(job.get(RocksDBConfigurableOptions.COMPACTION_STYLE))
                .isEqualTo(CompactionStyle.UNIVERSAL);
        assertThat(job.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .containsExactly(CompressionType.LZ4_COMPRESSION);
    }

    /** The job's {@code --conf} or the cluster's configuration, as the job was started with. */
    @Test
    void whatTheStartedConfigurationSaysWins() {
        Configuration started = new Configuration();
        started.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, false);
        started.set(RocksDBConfigurableOptions.COMPACTION_STYLE, CompactionStyle.LEVEL);
        started.set(
                RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL,
                List.of(CompressionType.NO_COMPRESSION));
        Configuration job = new Configuration();
        StateBackendKind.rocksdb.tuneWhereUnset(started, job);
        assertThat(job.contains(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isFalse();
        assertThat(job.contains(RocksDBConfigurableOptions.COMPACTION_STYLE)).isFalse();
        assertThat(job.contains(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL)).isFalse();
    }

    @Test
    void heapWithFullCheckpointsAndNoRocksDbSettings() {
        Configuration job = new Configuration();
        StateBackendKind.hashmap.applyTo(job);
        StateBackendKind.hashmap.tuneWhereUnset(new Configuration(), job);
        assertThat(job.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(job.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isFalse();
        assertThat(job.contains(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isFalse();
        assertThat(job.contains(RocksDBConfigurableOptions.COMPACTION_STYLE)).isFalse();
    }
}
