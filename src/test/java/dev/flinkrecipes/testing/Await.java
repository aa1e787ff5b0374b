package dev.flinkrecipes.testing;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.client.JobStatusMessage;

/** Waiting in tests, for a condition or for the MiniCluster's running job, with a deadline. */
public final class Await {
    private Await() {}

    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, Duration.ofSeconds(60), condition, () -> "");
    }

    /**
     * Polls {@code condition} until it holds; past {@code timeout} fails with {@code what} and
     * {@code detail} (e.g. the tails of a cluster's logs). The one place tests wait: every other
     * wait is a condition given to this.
     */
    public static void until(
            String what, Duration timeout, BooleanSupplier condition, Supplier<String> detail)
            throws InterruptedException {
        try {
            untilChecked(what, timeout, condition::getAsBoolean, detail);
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception cannot) {
            throw new IllegalStateException(cannot);
        }
    }

    /**
     * A condition that may throw (a Kafka admin call, a cluster client): its exception ends the
     * wait.
     */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * {@link #until(String, Duration, BooleanSupplier, Supplier)} for a condition that may throw.
     */
    public static void untilChecked(
            String what, Duration timeout, Condition condition, Supplier<String> detail)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline)
                fail("timed out waiting for: " + what + "\n" + detail.get());
            Thread.sleep(100);
        }
    }

    /**
     * Until the clock reaches {@code nanoTime} (a drill's own schedule): a condition on the clock,
     * like any other.
     */
    public static void untilNanoTime(String what, long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        until(
                what,
                Duration.ofNanos(Math.max(0, left)).plusSeconds(5),
                () -> System.nanoTime() >= nanoTime,
                () -> "");
    }

    /** The id of the job that is RUNNING on the cluster. */
    public static JobID runningJob(ClusterClient<?> client) throws Exception {
        JobID[] id = new JobID[1];
        until(
                "a running job",
                () -> {
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
