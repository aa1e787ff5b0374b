package dev.flinkrecipes.state.compat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
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
        FileChannel channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.READ);
        try {
            long deadline = System.nanoTime() + maxWait.toNanos();
            FileLock lock;
            boolean said = false;
            while ((lock = channel.tryLock()) == null) {
                if (!said) {
                    System.out.println(
                            "waiting for "
                                    + file
                                    + ": another build's compatibility tests use "
                                    + CompatCase.FILES_ROOT);
                    said = true;
                }
                if (System.nanoTime() > deadline)
                    throw new IllegalStateException(
                            file + " still held by another build after " + maxWait);
                Thread.sleep(500);
            }
            return lock;
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
