package dev.flinkrecipes.core.options;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.junit.jupiter.api.Test;

/**
 * What {@code --state-backend} puts into a job's configuration: the backend, incremental
 * checkpoints for RocksDB, and RocksDB's bloom filter (measured faster with many keys), which the
 * job's own {@code --conf} can still turn off.
 */
class StateBackendKindTest {
    @Test
    void rocksdbWithIncrementalCheckpointsAndABloomFilter() {
        Configuration conf = new Configuration();
        StateBackendKind.rocksdb.applyTo(conf);
        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(conf.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isTrue();
    }

    @Test
    void theJobsOwnBloomFilterSettingWins() {
        Configuration conf = new Configuration();
        conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, false);
        StateBackendKind.rocksdb.applyTo(conf);
        assertThat(conf.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isFalse();
    }

    @Test
    void heapWithFullCheckpointsAndNoRocksDbSettings() {
        Configuration conf = new Configuration();
        StateBackendKind.hashmap.applyTo(conf);
        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isFalse();
        assertThat(conf.contains(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isFalse();
    }
}
