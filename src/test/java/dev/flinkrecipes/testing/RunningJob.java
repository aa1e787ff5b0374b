package dev.flinkrecipes.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.Main;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.client.JobStatusMessage;

/**
 * An unbounded job run through the CLI on the test's MiniCluster: started in the background, waited
 * for until it runs and has completed a checkpoint, and cancelled at the end.
 */
public final class RunningJob implements AutoCloseable {
    private final ClusterClient<?> client;
    private final CompletableFuture<Integer> exit;
    private JobID id;

    private RunningJob(ClusterClient<?> client, CompletableFuture<Integer> exit) {
        this.client = client;
        this.exit = exit;
    }

    /** Starts {@code args} and returns once the job is RUNNING and has completed a checkpoint. */
    public static RunningJob start(ClusterClient<?> client, String... args) throws Exception {
        Set<JobID> before =
                client.listJobs().get().stream()
                        .map(JobStatusMessage::getJobId)
                        .collect(Collectors.toSet());
        RunningJob job =
                new RunningJob(client, CompletableFuture.supplyAsync(() -> Main.run(args)));
        Await.untilChecked(
                "the job running",
                Duration.ofSeconds(60),
                () -> {
                    job.assertRunning();
                    for (JobStatusMessage j : client.listJobs().get()) {
                        if (!before.contains(j.getJobId()) && j.getJobState() == JobStatus.RUNNING)
                            job.id = j.getJobId();
                    }
                    return job.id != null;
                },
                () -> "");
        // A completed checkpoint, so a failure injected later restores real state, not an empty
        // start.
        Checkpoints.awaitCompleted(client, job.id, 1);
        return job;
    }

    /** The job's id on the cluster. */
    public JobID id() {
        return id;
    }

    public void assertRunning() {
        assertThat(exit).as("the job stopped (exit code %s)", exit.getNow(null)).isNotDone();
    }

    @Override
    public void close() throws Exception {
        if (!client.getJobStatus(id).get().isGloballyTerminalState()) client.cancel(id).get();
        exit.join();
    }
}
