package dev.flinkrecipes.core;

import java.nio.file.Path;
import java.time.Duration;
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

    private final JobClient job;
    private final String name;
    private final Path savepointDir;
    private Interrupts interrupts;
    private final AtomicReference<String> outcome = new AtomicReference<>();

    private StopOnSignal(JobClient job, String name, Path savepointDir) {
        this.job = job;
        this.name = name;
        this.savepointDir = savepointDir;
    }

    static StopOnSignal install(JobClient job, String name) {
        String dir = System.getProperty(SAVEPOINT_DIR_PROPERTY);
        Path savepoints =
                dir != null
                        ? Path.of(dir)
                        : Path.of(System.getProperty("java.io.tmpdir"), "flink-recipes-savepoints");
        StopOnSignal stop = new StopOnSignal(job, name, savepoints.toAbsolutePath());
        stop.interrupts = Interrupts.onFirst("stop-" + name, stop::stop);
        return stop;
    }

    private void stop() {
        System.err.printf(
                "%nStopping %s with a final savepoint: what is in progress gets committed (Ctrl-C"
                        + " again: stop at once, leaving uncommitted .inprogress files)%n",
                name);
        try {
            String path =
                    job.stopWithSavepoint(
                                    false,
                                    savepointDir.toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            outcome.set(
                    "stopped on request; everything up to the stop is committed. Resume with:"
                            + " --conf execution.state-recovery.path="
                            + path);
        } catch (Exception e) {
            LOG.warn("stop-with-savepoint of {} failed; cancelling", name, e);
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            outcome.set(
                    "cancelled on request (no final savepoint: "
                            + root.getMessage()
                            + "). Output of completed checkpoints is committed; files ending"
                            + " .inprogress or .pending were not, and no later run commits them:"
                            + " delete them");
            job.cancel();
        }
    }

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
