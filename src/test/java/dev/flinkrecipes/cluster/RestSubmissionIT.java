package dev.flinkrecipes.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job jar uploaded and run through the REST API (the Web UI's "Submit New Job") runs its main
 * inside the JobManager: a command that fails there must be an error in the REST response, never
 * the end of the JobManager every job depends on.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RestSubmissionIT {
    @RegisterExtension static final SharedCluster CLUSTER = new SharedCluster();

    @Test
    void aBadOptionThroughRestIsAnErrorResponseAndTheJobManagerLivesOn() throws Exception {
        LocalCluster cluster = CLUSTER.get();
        ProcessHandle jobManager = cluster.process("jobmanager").orElseThrow();
        String jar = cluster.uploadJobJar();

        LocalCluster.Response r =
                cluster.post(
                        "/jars/" + jar + "/run",
                        "{\"programArgsList\": [\"fraud-detection\", \"--no-such-option\", \"1\"]}",
                        Duration.ofSeconds(60));

        assertThat(r.status()).as(r.body()).isGreaterThanOrEqualTo(400);
        assertThat(r.body())
                .as("the REST response says what is wrong")
                .contains("fraud-detection: Unknown options: '--no-such-option'")
                .contains("Run 'flink-recipes fraud-detection --help' for the options.");
        // The JobManager exited within 3 s of such a request: wait twice that for its exit, which
        // must not come; then it must still be the same process, answering REST.
        assertThatThrownBy(() -> jobManager.onExit().get(6, TimeUnit.SECONDS))
                .as("the JobManager process does not exit")
                .isInstanceOf(TimeoutException.class);
        assertThat(jobManager.isAlive()).as("the JobManager process is alive").isTrue();
        assertThat(cluster.get("/overview").path("taskmanagers").asInt())
                .as("the JobManager answers REST with its TaskManager registered")
                .isPositive();
    }
}
