package dev.flinkrecipes.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * flink-conf/config.yaml read by Flink's own loader, as the JobManager, TaskManagers and CLI read
 * it: the high-availability, heartbeat and restart keys land on the options Flink 2.2 knows (a
 * misspelt key would be silently ignored), agree with the bin/ scripts and docker-compose.yml, and
 * keep the recovery targets of docs/operations.md within reach.
 */
class HighAvailabilityConfigTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    final Configuration conf =
            GlobalConfiguration.loadConfiguration(ROOT.resolve("flink-conf").toString());

    @Test
    void zooKeeperHighAvailabilityOnTheScriptsPort() throws Exception {
        assertThat(conf.get(HighAvailabilityOptions.HA_MODE)).isEqualToIgnoringCase("zookeeper");
        assertThat(conf.get(HighAvailabilityOptions.HA_CLUSTER_ID)).isEqualTo("/flink-recipes");
        Matcher port =
                Pattern.compile("(?m)^ZOOKEEPER_PORT=\"\\$\\{ZOOKEEPER_PORT:-(\\d+)}\"$")
                        .matcher(Files.readString(ROOT.resolve("bin/common.sh")));
        assertThat(port.find()).isTrue();
        assertThat(conf.get(HighAvailabilityOptions.HA_ZOOKEEPER_QUORUM))
                .isEqualTo("localhost:" + port.group(1));
        // The storage folder depends on where the project is: the scripts and compose set it, not
        // this file.
        assertThat(conf.contains(HighAvailabilityOptions.HA_STORAGE_PATH)).isFalse();
        assertThat(Files.readString(ROOT.resolve("bin/common.sh")))
                .contains("high-availability.storageDir=file://$RUN/ha");
        assertThat(conf.get(HighAvailabilityOptions.ZOOKEEPER_SESSION_TIMEOUT))
                .isEqualTo(Duration.ofSeconds(6));
        // Not tolerated: with it, a ZooKeeper restart left two JobManagers leading one job.
        assertThat(conf.get(HighAvailabilityOptions.ZOOKEEPER_TOLERATE_SUSPENDED_CONNECTIONS))
                .isFalse();
    }

    @Test
    void composeRunsZooKeeperAndSharesTheHaFolder() throws Exception {
        JsonNode compose =
                new ObjectMapper()
                        .valueToTree(
                                new Yaml()
                                        .load(
                                                Files.readString(
                                                        ROOT.resolve("docker-compose.yml"))));
        JsonNode services = compose.path("services");
        assertThat(services.path("zookeeper").path("image").asText()).startsWith("zookeeper:3.8");
        assertThat(services.path("jobmanager").path("depends_on").has("zookeeper")).isTrue();
        String properties =
                services.path("jobmanager").path("environment").path("FLINK_PROPERTIES").asText();
        assertThat(properties)
                .contains(
                        "high-availability.zookeeper.quorum:zookeeper:2181",
                        "high-availability.storageDir:file:///opt/flink/ha");
        for (String flink : new String[] {"jobmanager", "taskmanager-1", "taskmanager-2"}) {
            assertThat(services.path(flink).path("volumes").toString())
                    .as(flink)
                    .contains("ha:/opt/flink/ha");
        }
    }

    /**
     * A killed TaskManager is noticed in seconds, and no restart waits long enough to miss the 20 s
     * target.
     */
    @Test
    void failureDetectionAndRestartsFitTheRecoveryTargets() {
        Duration interval = conf.get(HeartbeatManagerOptions.HEARTBEAT_INTERVAL);
        Duration detection =
                interval.multipliedBy(
                        conf.get(HeartbeatManagerOptions.HEARTBEAT_RPC_FAILURE_THRESHOLD));
        assertThat(detection).isLessThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(conf.get(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT))
                .isGreaterThan(interval.multipliedBy(10));

        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("exponential-delay");
        assertThat(
                        conf.get(
                                RestartStrategyOptions
                                        .RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(
                        detection.plus(
                                conf.get(
                                        RestartStrategyOptions
                                                .RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF)))
                .isLessThanOrEqualTo(Duration.ofSeconds(13));
        assertThat(
                        conf.get(
                                RestartStrategyOptions
                                        .RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD))
                .isLessThan(Duration.ofMinutes(1));
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(20);
        // Local recovery: off for the heap backend (not set, so no client sends it with a job), on
        // with --rocksdb.
        assertThat(conf.contains(StateRecoveryOptions.LOCAL_RECOVERY)).isFalse();
    }
}
