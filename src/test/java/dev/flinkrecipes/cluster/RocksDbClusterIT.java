package dev.flinkrecipes.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.StateSnapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster that keeps state in RocksDB by its own configuration ({@code bin/cluster-start
 * --rocksdb}), and jobs submitted without {@code --state-backend}, from the CLI ({@code
 * bin/job-submit}) and through the REST API: each runs on RocksDB with the cluster's settings plus
 * what they lack, the memtable bloom filter (an options factory in the job jar, which the cluster
 * cannot name for every jar). The OPTIONS file of the RocksDB instance the TaskManager opened says
 * what the job got.
 */
class RocksDbClusterIT {
    private static final String[] USER_TOTALS = {
        "user-totals",
        "--source",
        "generator",
        "--rate",
        "200",
        "--sink",
        "discard",
        "--checkpoint-interval",
        "1s"
    };

    private static Path rocksDbDir;
    private static LocalCluster cluster;

    @BeforeAll
    static void startRocksDbCluster() throws Exception {
        rocksDbDir = Files.createTempDirectory("flink-recipes-rocksdb-state");
        cluster =
                LocalCluster.start(
                        "flink-recipes-rocksdb",
                        "--rocksdb",
                        "-D",
                        "state.backend.rocksdb.localdir=" + rocksDbDir);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    @Test
    void aJobFromTheCliGetsTheClustersRocksDbAndTheMemtableFilter() throws Exception {
        assertThat(cluster.bin("job-submit", USER_TOTALS))
                .contains("Job has been submitted with JobID");
        String job = cluster.waitForRunningJob("user-totals", 1, Duration.ofSeconds(90));
        checkRocksDbWithTheFilter(job);
    }

    @Test
    void aJobThroughTheRestApiGetsTheSame() throws Exception {
        String jar = cluster.uploadJobJar();
        LocalCluster.Response r =
                cluster.post(
                        "/jars/" + jar + "/run",
                        new ObjectMapper()
                                .writeValueAsString(Map.of("programArgsList", USER_TOTALS)),
                        Duration.ofSeconds(60));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        checkRocksDbWithTheFilter(JsonlFiles.parse(r.body()).path("jobid").asText());
    }

    private static void checkRocksDbWithTheFilter(String job) throws Exception {
        try {
            assertThat(cluster.stateBackend(job)).isEqualTo("EmbeddedRocksDBStateBackend");
            cluster.awaitTrue(
                    "a completed checkpoint",
                    Duration.ofSeconds(60),
                    () -> cluster.completedCheckpoints(job) > 0);
            assertThat(StateSnapshots.rocksDbOptions(rocksDbDir, job, "user-totals"))
                    .as("the options RocksDB opened the per-user state with")
                    .containsPattern("(?m)^\\s*compaction_style=kCompactionStyleUniversal$")
                    .containsPattern("(?m)^\\s*compression_per_level=kLZ4Compression$")
                    .containsPattern("(?m)^\\s*memtable_whole_key_filtering=true$")
                    .containsPattern("(?m)^\\s*memtable_prefix_bloom_size_ratio=0\\.05");
        } finally {
            cluster.cancelJobs();
        }
    }
}
