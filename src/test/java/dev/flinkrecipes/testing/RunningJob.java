package dev.flinkrecipes.testing;

import dev.flinkrecipes.Main;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.client.JobStatusMessage;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unbounded job run through the CLI on the test's MiniCluster: started in the background, waited for
 * until it runs and has had time to checkpoint, and cancelled at the end.
 */
public final class RunningJob implements AutoCloseable {
    private final ClusterClient<?> client;
    private final CompletableFuture<Integer> exit;

    private RunningJob(ClusterClient<?> client, CompletableFuture<Integer> exit) {
        this.client = client;
        this.exit = exit;
    }

    /** Starts {@code args} and returns once the job is RUNNING and its first checkpoints are behind it. */
    public static RunningJob start(ClusterClient<?> client, String... args) throws Exception {
        RunningJob job = new RunningJob(client, CompletableFuture.supplyAsync(() -> Main.run(args)));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (client.listJobs().get().stream().noneMatch(j -> j.getJobState() == JobStatus.RUNNING)) {
            assertThat(System.nanoTime()).as("job running within 60 s").isLessThan(deadline);
            job.assertRunning();
            Thread.sleep(100);
        }
        Thread.sleep(2500); // a couple of 1 s checkpoints, so a failure injected later restores real state
        return job;
    }

    public void assertRunning() {
        assertThat(exit).as("the job stopped (exit code %s)", exit.getNow(null)).isNotDone();
    }

    @Override
    public void close() throws Exception {
        for (JobStatusMessage j : client.listJobs().get()) {
            if (j.getJobState() == JobStatus.RUNNING) client.cancel(j.getJobId()).get();
        }
        exit.join();
    }
}
