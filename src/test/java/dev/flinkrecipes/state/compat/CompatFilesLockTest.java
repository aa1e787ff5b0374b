package dev.flinkrecipes.state.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two builds on one machine take turns on the file inputs' folder: while another JVM (a second
 * build's test run) holds the lock, taking it waits; once that JVM is gone, even killed without
 * releasing anything, it is taken.
 */
class CompatFilesLockTest {
    @TempDir Path dir;

    /** The other build: holds the lock on the file in args[0], says so, and waits to be killed. */
    public static void main(String[] args) throws Exception {
        FileLock held = CompatFilesLock.acquire(Path.of(args[0]), Duration.ofSeconds(30));
        System.out.println("held " + held.isValid());
        new CountDownLatch(1).await(); // until the test kills this JVM
    }

    @Test
    void aSecondBuildWaitsUntilTheFirstIsGone() throws Exception {
        Path file = dir.resolve("compat.lock");
        Process other =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                CompatFilesLockTest.class.getName(),
                                file.toString())
                        .redirectErrorStream(true)
                        .start();
        try {
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("held true");

            CountDownLatch waiting = new CountDownLatch(1);
            CompletableFuture<FileLock> mine =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return CompatFilesLock.acquire(
                                            file, Duration.ofSeconds(60), waiting::countDown);
                                } catch (Exception e) {
                                    throw new RuntimeException(e);
                                }
                            });
            assertThat(waiting.await(30, TimeUnit.SECONDS)).as("found it held, waiting").isTrue();
            assertThat(mine).as("taken while the other build holds it").isNotDone();

            other.toHandle().destroyForcibly();
            FileLock lock = mine.get(20, TimeUnit.SECONDS);
            assertThat(lock.isValid()).isTrue();
            lock.channel().close();
        } finally {
            other.toHandle().destroyForcibly();
        }
    }
}
