package dev.flinkrecipes.testing;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.client.JobStatusMessage;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.fail;

/** Waiting in tests, for a condition or for the MiniCluster's running job, with a deadline. */
public final class Await {
    private Await() {}

    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("timed out waiting for: " + what);
            Thread.sleep(200);
        }
    }

    /** The id of the job that is RUNNING on the cluster. */
    public static JobID runningJob(ClusterClient<?> client) throws Exception {
        JobID[] id = new JobID[1];
        until("a running job", () -> {
            try {
                for (JobStatusMessage j : client.listJobs().get()) {
                    if (j.getJobState() == JobStatus.RUNNING) {
                        id[0] = j.getJobId();
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
        return id[0];
    }

    /** {@code a} followed by {@code b}: a command line with a few more options. */
    public static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
