package dev.flinkrecipes.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On the bin/ cluster, whose JobManager keeps state on the heap and whose client reads
 * flink-conf/config.yaml: a job submitted with {@code --state-backend rocksdb} runs on RocksDB
 * (REST {@code /jobs/:id/checkpoints/config}) and checkpoints there.
 */
class StateBackendClusterIT {
    @RegisterExtension static final SharedCluster CLUSTER = new SharedCluster();

    @Test
    void aSubmittedJobRunsOnTheBackendItsOptionNames() throws Exception {
        LocalCluster cluster = CLUSTER.get();
        for (String topic : new String[] {"state_backend_events", "state_backend_totals"}) {
            cluster.bin("kafka-topics", "--create", "--topic", topic, "--partitions", "1");
        }
        String submitted =
                cluster.bin(
                        "job-submit",
                        "user-totals",
                        "--bootstrap-servers",
                        cluster.kafka,
                        "--input-topic",
                        "state_backend_events",
                        "--output-topic",
                        "state_backend_totals",
                        "--state-backend",
                        "rocksdb",
                        "--checkpoint-interval",
                        "1s");
        assertThat(submitted).contains("Job has been submitted with JobID");
        String job = cluster.waitForRunningJob("user-totals", 1, Duration.ofSeconds(90));
        try {
            assertThat(cluster.stateBackend(job)).isEqualTo("EmbeddedRocksDBStateBackend");
            cluster.awaitTrue(
                    "a completed checkpoint on RocksDB",
                    Duration.ofSeconds(60),
                    () -> cluster.completedCheckpoints(job) > 0);
        } finally {
            cluster.bin("flink", "cancel", job);
        }
    }
}
