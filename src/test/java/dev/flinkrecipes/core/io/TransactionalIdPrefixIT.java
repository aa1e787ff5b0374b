package dev.flinkrecipes.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkrecipes.Main;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.KafkaBroker;
import dev.flinkrecipes.testing.RunningJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a real cluster (its REST API given as rest.address/rest.port, as {@code flink run} has it):
 * while one fraud-detection runs, a second with the same transactional id prefix is refused with a
 * message that names the running job, and one that writes another output topic starts next to it.
 */
class TransactionalIdPrefixIT {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @RegisterExtension
    static final KafkaBroker kafka =
            new KafkaBroker()
                    .topics(
                            1,
                            "transactions.dlq",
                            "fraud_alerts",
                            "fraud_alerts.late",
                            "fraud_alerts_green",
                            "fraud_alerts_green.late");

    @Test
    void secondJobWithTheSamePrefixIsRefusedOneWithAnotherOutputTopicStarts(
            @InjectClusterClient ClusterClient<?> client) throws Exception {
        URI rest = URI.create(client.getWebInterfaceURL());
        try (RunningJob blue = RunningJob.start(client, fraudDetection(rest, "fraud_alerts"))) {
            String blueId = client.listJobs().get().iterator().next().getJobId().toString();

            assertThatThrownBy(
                            () ->
                                    TransactionalIdCheck.refuseIfInUse(
                                            rest, "fraud-detection-fraud_alerts"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(blueId);
            TransactionalIdCheck.refuseIfInUse(rest, "fraud-detection-fraud_alerts_green");

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream stderr = System.err;
            int refused;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                // Bounded wait: a job that is not refused runs until cancelled.
                refused =
                        CompletableFuture.supplyAsync(
                                        () -> Main.run(fraudDetection(rest, "fraud_alerts")))
                                .get(60, TimeUnit.SECONDS);
            } finally {
                System.setErr(stderr);
            }
            String message = err.toString(StandardCharsets.UTF_8);
            assertThat(refused).as("exit code; stderr: %s", message).isEqualTo(Main.BAD_OPTIONS);
            assertThat(message.lines().findFirst().orElse(""))
                    .contains(
                            "'fraud-detection-fraud_alerts'",
                            "'fraud-detection' (" + blueId + ")",
                            "--transactional-id-prefix");
            assertThat(client.listJobs().get()).as("nothing submitted").hasSize(1);

            try (RunningJob green =
                    RunningJob.start(client, fraudDetection(rest, "fraud_alerts_green"))) {
                Await.untilChecked(
                        "both jobs running within 30 s",
                        Duration.ofSeconds(30),
                        () -> {
                            green.assertRunning();
                            return running(client) >= 2;
                        },
                        () -> "");
                blue.assertRunning();
                green.assertRunning();
            }
        }
    }

    private static long running(ClusterClient<?> client) throws Exception {
        return client.listJobs().get().stream()
                .map(JobStatusMessage::getJobState)
                .filter(s -> s == JobStatus.RUNNING)
                .count();
    }

    private static String[] fraudDetection(URI rest, String outputTopic) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "fraud-detection",
                                "--source",
                                "generator",
                                "--rate",
                                "20",
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--sink",
                                "kafka",
                                "--output-topic",
                                outputTopic,
                                "--parallelism",
                                "1",
                                "--checkpoint-interval",
                                "1s",
                                "--conf",
                                "rest.address=" + rest.getHost(),
                                "--conf",
                                "rest.port=" + rest.getPort()));
        return args.toArray(String[]::new);
    }
}
