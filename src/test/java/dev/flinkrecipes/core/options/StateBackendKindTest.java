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
 * (measured faster with many keys), each of which the job's own {@code --conf} can still change.
 */
class StateBackendKindTest {
    @Test
    void rocksdbWithIncrementalCheckpointsAndABloomFilter() {
        Configuration conf = new Configuration();
        StateBackendKind.rocksdb.applyTo(conf);
        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(conf.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isTrue();
        assertThat(conf.get(RocksDBConfigurableOptions.COMPACTION_STYLE))
                .isEqualTo(CompactionStyle.UNIVERSAL);
        assertThat(conf.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .containsExactly(CompressionType.LZ4_COMPRESSION);
    }

    @Test
    void theJobsOwnRocksDbSettingsWin() {
        Configuration conf = new Configuration();
        conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, false);
        conf.set(RocksDBConfigurableOptions.COMPACTION_STYLE, CompactionStyle.LEVEL);
        conf.set(
                RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL,
                List.of(CompressionType.NO_COMPRESSION));
        StateBackendKind.rocksdb.applyTo(conf);
        assertThat(conf.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isFalse();
        assertThat(conf.get(RocksDBConfigurableOptions.COMPACTION_STYLE))
                .isEqualTo(CompactionStyle.LEVEL);
        assertThat(conf.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .containsExactly(CompressionType.NO_COMPRESSION);
    }

    @Test
    void heapWithFullCheckpointsAndNoRocksDbSettings() {
        Configuration conf = new Configuration();
        StateBackendKind.hashmap.applyTo(conf);
        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isFalse();
        assertThat(conf.contains(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isFalse();
        assertThat(conf.contains(RocksDBConfigurableOptions.COMPACTION_STYLE)).isFalse();
    }
}
