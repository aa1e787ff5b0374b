package dev.flinkrecipes.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.testing.RunningJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * job-status against running jobs on a MiniCluster with its REST API: the rates it reports are the
 * sources' real, paced rates, over an interval it names, and an idle job is said to have had no new
 * records, not shown with old rates. The REST API refreshes its metrics every 3 s here (10 s by
 * default), to keep the test short.
 */
class JobStatusRatesTest {
    static final Duration REFRESH = Duration.ofSeconds(3);

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(refreshEvery(REFRESH))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static Configuration refreshEvery(Duration interval) {
        Configuration conf = new Configuration();
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, interval);
        return conf;
    }

    /**
     * Both paces at once, each job on a slot of its own, each read by a job-status of its own: the
     * REST API's refreshes serve both readings, so the test waits for them once, not twice.
     */
    @Test
    void ratesMatchTheSourcesPace(
            @InjectClusterClient ClusterClient<?> client, @InjectClusterRESTAddress URI rest)
            throws Throwable {
        try (RunningJob slow = paced(client, 50);
                RunningJob fast = paced(client, 5000)) {
            CompletableFuture<Void> slowRates =
                    CompletableFuture.runAsync(() -> assertRates(rest, slow, 50));
            CompletableFuture<Void> fastRates =
                    CompletableFuture.runAsync(() -> assertRates(rest, fast, 5000));
            try {
                CompletableFuture.allOf(slowRates, fastRates).join();
            } catch (CompletionException e) {
                throw e.getCause();
            }
        }
    }

    private static RunningJob paced(ClusterClient<?> client, int rate) throws Exception {
        return RunningJob.start(
                client,
                "fraud-detection",
                "--source",
                "generator",
                "--rate",
                String.valueOf(rate),
                "--sink",
                "discard",
                "--parallelism",
                "1",
                "--checkpoint-interval",
                "1s");
    }

    /**
     * Two readings of the job, as --watch makes them: both at its pace, the second after the first.
     */
    private static void assertRates(URI rest, RunningJob job, int rate) {
        try {
            JobStatus status = status(rest);
            String id = job.id().toString();
            JsonNode first = status.progress(id);
            JsonNode second = status.progress(id); // as --watch: from where the first one ended
            for (JsonNode p : new JsonNode[] {first, second}) {
                System.out.printf(
                        "job-status at %d/s: input %s/s, processed %s/s over %s s%n",
                        rate,
                        p.path("inputRowsPerSecond"),
                        p.path("processedRowsPerSecond"),
                        p.path("sampledOver").path("seconds"));
                assertThat(p.path("inputRowsPerSecond").asDouble())
                        .as("input rate at %d/s: %s", rate, p)
                        .isCloseTo(rate, within(rate * 0.1));
                assertThat(p.path("processedRowsPerSecond").asDouble())
                        .as("processed rate at %d/s: %s", rate, p)
                        .isCloseTo(rate, within(rate * 0.1));
                assertThat(p.path("sampledOver").path("seconds").asDouble())
                        .as("one refresh apart: %s", p)
                        .isCloseTo(REFRESH.toMillis() / 1000.0, within(1.0));
                assertThat(p.has("note")).as("new data: %s", p).isFalse();
            }
            // The second reading is new numbers, not the first one's again, and starts where
            // that one ended.
            assertThat(Instant.parse(second.path("timestamp").asText()))
                    .isAfter(Instant.parse(first.path("timestamp").asText()));
            assertThat(second.path("sampledOver").path("from").asText())
                    .isEqualTo(first.path("sampledOver").path("to").asText());
            assertThat(second.path("numInputRows").asLong())
                    .isGreaterThan(first.path("numInputRows").asLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anIdleJobHasNoNewRecordsRatherThanOldRates(
            @InjectClusterClient ClusterClient<?> client, @InjectClusterRESTAddress URI rest)
            throws Exception {
        try (ServerSocket socket = new ServerSocket(0);
                RunningJob job =
                        RunningJob.start(
                                client,
                                "word-count",
                                "--socket-port",
                                String.valueOf(socket.getLocalPort()),
                                "--parallelism",
                                "1",
                                "--checkpoint-interval",
                                "1s")) {
            try (Socket connected = socket.accept()) { // connected, and silent
                String id =
                        client.listJobs().get().stream()
                                .filter(j -> j.getJobState().name().equals("RUNNING"))
                                .findFirst()
                                .orElseThrow()
                                .getJobId()
                                .toString();
                JsonNode p = status(rest).progress(id);
                assertThat(p.path("inputRowsPerSecond").asDouble()).isZero();
                assertThat(p.path("processedRowsPerSecond").asDouble()).isZero();
                assertThat(p.path("note").asText()).startsWith("no new records since ");
            }
        }
    }

    static JobStatus status(URI rest) {
        JobStatus status = new JobStatus();
        status.rest = rest.toString().replaceAll("/$", "");
        return status;
    }
}
