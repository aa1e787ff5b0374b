package dev.flinkrecipes.state.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The folders of the file inputs ({@link CompatCase#FILES_ROOT}) for one test run at a time on a
 * machine. Their path cannot differ between runs: a file source's savepoint names the files it has
 * read by absolute path, and a committed savepoint restored with its files elsewhere reads them
 * again. So a second build (another checkout, or the same one run twice) waits here, from its first
 * file case until the class that took the lock ends, and never deletes or rewrites files a running
 * job of the first is reading; the Kafka cases do not wait. The lock is the operating system's on a
 * file beside the folder: a test JVM that dies releases it with its other files.
 *
 * <pre>{@code @RegisterExtension static final CompatFilesLock FILES = new CompatFilesLock();}</pre>
 */
final class CompatFilesLock implements AfterAllCallback {
    static final Path LOCK_FILE = CompatCase.FILES_ROOT.resolveSibling("flink-recipes-compat.lock");

    /** Longer than the file cases of one whole run take. */
    private static final Duration MAX_WAIT = Duration.ofMinutes(15);

    /** This JVM's hold, until its test class ends. */
    private static FileLock held;

    /** Holds the lock (waiting while another run holds it), if this JVM does not already. */
    static synchronized void hold() throws IOException, InterruptedException {
        if (held == null) held = acquire(LOCK_FILE, MAX_WAIT);
    }

    static synchronized void release() throws IOException {
        if (held == null) return;
        held.channel().close(); // releases the lock
        held = null;
    }

    /**
     * The lock on {@code file}, once no other process holds it (said once, while waiting); closing
     * its channel releases it.
     */
    static FileLock acquire(Path file, Duration maxWait) throws IOException, InterruptedException {
        return acquire(
                file,
                maxWait,
                () ->
                        System.out.println(
                                "waiting for "
                                        + file
                                        + ": another build's compatibility tests use "
                                        + CompatCase.FILES_ROOT));
    }

    /**
     * The same, running {@code waiting} when another process holds it. The wait is the operating
     * system's blocking lock, woken when the other process releases it or dies; after {@code
     * maxWait} the channel is closed, which ends it.
     */
    static FileLock acquire(Path file, Duration maxWait, Runnable waiting)
            throws IOException, InterruptedException {
        FileChannel channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.READ);
        try {
            FileLock free = channel.tryLock();
            if (free != null) return free;
            waiting.run();
            CompletableFuture<FileLock> blocking =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return channel.lock();
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            },
                            task -> {
                                Thread t = new Thread(task, "compat-files-lock");
                                t.setDaemon(true);
                                t.start();
                            });
            try {
                return blocking.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        file + " still held by another build after " + maxWait);
            } catch (ExecutionException e) {
                throw new IOException("locking " + file, e.getCause());
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        release();
    }
}
