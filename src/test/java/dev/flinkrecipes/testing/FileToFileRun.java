package dev.flinkrecipes.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.commerce.CommerceEventGenerator;
import dev.flinkrecipes.core.io.EventGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;

/**
 * A job run from its command line as a user runs it on files: {@code <job> --source file --input
 * <input> --sink file --output <output> --checkpoint-interval 300ms <extra...>} (the short interval
 * so that the file sink commits soon), or on a watched folder ({@link #watching}).
 */
public final class FileToFileRun {
    private FileToFileRun() {}

    /** The command line. */
    public static String[] args(String job, Path input, Path output, String... extra) {
        return Await.concat(base(job, input, output, "300ms"), extra);
    }

    /**
     * The command line of a job on a watched folder ({@code --watch 200ms}: it runs until
     * cancelled), with its own checkpoint interval.
     */
    public static String[] watching(
            String job, Path input, Path output, String checkpointInterval, String... extra) {
        return Await.concat(
                base(job, input, output, checkpointInterval),
                Await.concat(new String[] {"--watch", "200ms"}, extra));
    }

    /** A job started from its command line in this JVM, running on the test's cluster. */
    public record Running(CompletableFuture<Integer> run, JobID job) {
        /** Cancels the job and waits for its command to end. */
        public void cancel(ClusterClient<?> client) throws Exception {
            client.cancel(job).get();
            run.join();
        }
    }

    /**
     * Starts {@code user-totals} at parallelism 1 on a watched folder {@code dir/in} of 200
     * generated events, writing to {@code dir/out} with checkpoints every 300 ms, and returns once
     * it runs.
     */
    public static Running startUserTotals(ClusterClient<?> client, Path dir, String... options)
            throws Exception {
        Path in = generatedInput(dir.resolve("in"), CommerceEventGenerator::new, 200);
        String[] args =
                watching(
                        "user-totals",
                        in,
                        dir.resolve("out"),
                        "300ms",
                        Await.concat(new String[] {"--parallelism", "1"}, options));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(args));
        return new Running(run, Await.runningJob(client));
    }

    private static String[] base(String job, Path input, Path output, String checkpointInterval) {
        return new String[] {
            job,
            "--source",
            "file",
            "--input",
            input.toString(),
            "--sink",
            "file",
            "--output",
            output.toString(),
            "--checkpoint-interval",
            checkpointInterval
        };
    }

    /**
     * A new folder {@code folder} holding {@code n} events of a domain's generator (seed 7, from
     * 2024-01-15T10:00Z, one a second) in one JSON-lines file: input for a test that checks how a
     * job keeps its state, not what it computes.
     */
    public static Path generatedInput(Path folder, EventGenerator.Factory generator, int n)
            throws IOException {
        EventGenerator events =
                generator.create(7, Instant.parse("2024-01-15T10:00:00Z").toEpochMilli(), 1);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) lines.add(events.line(i));
        JsonlFiles.write(Files.createDirectories(folder).resolve("events.jsonl"), lines);
        return folder;
    }

    /** Runs the job to its end and asserts it exited 0; returns the results folder. */
    public static Path run(String job, Path input, Path output, String... extra) {
        String[] args = args(job, input, output, extra);
        assertThat(Main.run(args)).as("exit code of %s", String.join(" ", args)).isZero();
        return output.resolve("results");
    }

    /** Runs the job to its end (exit 0) and reads the JSON rows it committed. */
    public static List<JsonNode> results(String job, Path input, Path output, String... extra)
            throws Exception {
        return JsonlFiles.readCommitted(run(job, input, output, extra));
    }
}
