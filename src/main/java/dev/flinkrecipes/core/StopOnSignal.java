package dev.flinkrecipes.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ctrl-C (SIGINT) or SIGTERM on a local run (bin/run, whose JVM this is) stops the job the way
 * Spark's query stops after its batch: Flink's stop-with-savepoint, which ends the job with a final
 * savepoint and so commits the files and transactions in progress, then the job's run summary and
 * where the savepoint is, to resume from. A second Ctrl-C stops at once (the JVM's own handling).
 *
 * <p>Never installed for a job submitted to a cluster: that JVM is not the job's.
 */
final class StopOnSignal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StopOnSignal.class);

    /** Where bin/run keeps savepoints (the project's savepoints/ folder). */
    static final String SAVEPOINT_DIR_PROPERTY = "flink-recipes.savepoints";

    /** The job, once submitted: a signal may come while the mini cluster still starts. */
    private final CompletableFuture<JobClient> job = new CompletableFuture<>();

    private final String name;
    private final Path savepointDir;
    private Interrupts interrupts;
    private final AtomicReference<String> outcome = new AtomicReference<>();

    private StopOnSignal(String name, Path savepointDir) {
        this.name = name;
        this.savepointDir = savepointDir;
    }

    /** Takes over SIGINT and SIGTERM before the job is submitted; then {@link #submitted}. */
    static StopOnSignal install(String name) {
        String dir = System.getProperty(SAVEPOINT_DIR_PROPERTY);
        Path savepoints =
                dir != null
                        ? Path.of(dir)
                        : Path.of(System.getProperty("java.io.tmpdir"), "flink-recipes-savepoints");
        StopOnSignal stop = new StopOnSignal(name, savepoints.toAbsolutePath());
        stop.interrupts = Interrupts.onFirst("stop-" + name, stop::stop);
        return stop;
    }

    /** The job to stop at a signal. */
    void submitted(JobClient client) {
        job.complete(client);
    }

    private void stop() {
        System.err.printf(
                "%nStopping %s with a final savepoint: what is in progress gets committed (Ctrl-C"
                        + " again: stop at once, leaving uncommitted .inprogress files)%n",
                name);
        JobClient client;
        try {
            client = job.get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            outcome.set("stopped before the job was submitted");
            return;
        }
        // A job whose tasks are still starting cannot take a savepoint yet: try again a few times.
        Exception last = null;
        for (int attempt = 0; attempt < STOP_ATTEMPTS; attempt++) {
            try {
                String path =
                        client.stopWithSavepoint(
                                        false,
                                        savepointDir.toUri().toString(),
                                        SavepointFormatType.CANONICAL)
                                .get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                outcome.set(
                        "stopped on request; everything up to the stop is committed. Resume with:"
                                + " --conf execution.state-recovery.path="
                                + path);
                return;
            } catch (Exception e) {
                last = e;
                LOG.info("stop-with-savepoint of {}, attempt {}, failed", name, attempt + 1, e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        LOG.warn("stop-with-savepoint of {} failed; cancelling", name, last);
        Throwable root = last;
        while (root != null && root.getCause() != null) root = root.getCause();
        outcome.set(
                "cancelled on request (no final savepoint: "
                        + (root == null ? "interrupted" : root.getMessage())
                        + "). Output of completed checkpoints is committed; files ending"
                        + " .inprogress or .pending were not, and no later run commits them:"
                        + " delete them");
        client.cancel();
    }

    static final int STOP_ATTEMPTS = 10;

    static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

    /** What the stop did, for the summary; null when the job ended by itself. */
    String outcome() {
        return outcome.get();
    }

    @Override
    public void close() {
        interrupts.close();
    }
}
