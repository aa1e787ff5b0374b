package dev.flinkrecipes.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** A child process's output, read to its end on another thread so the process never blocks. */
public final class ProcessOutput {
    private ProcessOutput() {}

    /** All the process prints (stdout, with stderr if redirected into it), once it ends. */
    public static CompletableFuture<String> all(Process p) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return new String(
                                p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        return e.toString();
                    }
                });
    }
}
