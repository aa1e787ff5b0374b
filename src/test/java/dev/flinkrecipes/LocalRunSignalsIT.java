package dev.flinkrecipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.JsonlFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user's Ctrl-C (or a SIGTERM) does to {@code bin/run}, as a child process: a running job
 * stops with a final savepoint, so its output in progress is committed and nothing is left as
 * {@code .inprogress}, and it says so and how to resume; with {@code --web-ui} the Web UI outlives
 * a finished job until the signal.
 */
class LocalRunSignalsIT {
    static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir Path dir;

    /** bin/run started from the temp folder; its output collected line by line. */
    private Process start(List<String> lines, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("bin/run").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("FLINK_RECIPES_RUN", dir.resolve("run").toString());
        pb.environment().put("FLINK_RECIPES_SAVEPOINTS", dir.resolve("savepoints").toString());
        pb.environment().put("FLINK_RECIPES_CDS", "off");
        Process p = pb.start();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    p.getInputStream(), StandardCharsets.UTF_8))) {
                                for (String l; (l = r.readLine()) != null; ) lines.add(l);
                            } catch (Exception e) {
                                lines.add(e.toString());
                            }
                        });
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private static void awaitLine(List<String> lines, String part) throws Exception {
        Await.untilChecked(
                "a line with '" + part + "'",
                Duration.ofSeconds(90),
                () -> lines.stream().anyMatch(l -> l.contains(part)),
                () -> String.join("\n", lines));
    }

    @Test
    void aSignalStopsARunningJobWithAFinalSavepointThatCommitsItsFiles() throws Exception {
        List<String> input = new ArrayList<>();
        for (int i = 0; i < 3000; i++) input.add("uno dos tres " + i % 10);
        Path text = Files.write(dir.resolve("text.txt"), input);
        Path out = dir.resolve("out");
        List<String> lines = new CopyOnWriteArrayList<>();
        // 100 lines a second: 30 s of input; checkpoints far apart, so only the stop commits.
        Process p =
                start(
                        lines,
                        "word-count",
                        "--source",
                        "file",
                        "--input",
                        text.toString(),
                        "--max-rate",
                        "100",
                        "--output-mode",
                        "update",
                        "--trigger",
                        "500ms",
                        "--sink",
                        "file",
                        "--output",
                        out.toString(),
                        "--checkpoint-interval",
                        "10min",
                        "--quiet");
        awaitLine(lines, "options and log: ");
        // Rows written but not committed (checkpoints are 10 min apart): only the stop commits
        // them.
        Await.untilChecked(
                "part files in progress under " + out,
                Duration.ofSeconds(60),
                () -> partFiles(out).stream().anyMatch(f -> f.contains(".inprogress")),
                () -> String.join("\n", lines));
        p.toHandle()
                .destroy(); // SIGTERM, handled as Ctrl-C is (Process.destroy would close our end of
        // its output too)
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join("\n", lines)).isTrue();
        String printed = String.join("\n", lines);
        assertThat(p.exitValue()).as(printed).isZero();
        assertThat(printed)
                .contains("Stopping word-count with a final savepoint")
                .containsPattern("word-count stopped: \\d+ records in")
                .contains("Resume with: --conf execution.state-recovery.path=");
        assertThat(partFiles(out))
                .as("no uncommitted part file left")
                .noneMatch(f -> f.contains(".inprogress") || f.contains(".pending"));
        assertThat(JsonlFiles.readCommitted(out.resolve("results")))
                .as("the rows in progress at the stop were committed by the final savepoint")
                .isNotEmpty();
    }

    private static List<String> partFiles(Path out) throws Exception {
        if (!Files.isDirectory(out)) return List.of();
        try (Stream<Path> files = Files.walk(out)) {
            return files.filter(Files::isRegularFile).map(Path::toString).toList();
        }
    }

    @Test
    void theWebUiOutlivesAFinishedJobUntilASignal() throws Exception {
        Path text = Files.write(dir.resolve("text.txt"), List.of("uno dos", "dos"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> lines = new CopyOnWriteArrayList<>();
        Process p =
                start(
                        lines,
                        "word-count",
                        "--web-port",
                        String.valueOf(port),
                        "--source",
                        "file",
                        "--input",
                        text.toString(),
                        "--sink",
                        "print",
                        "--format",
                        "json");
        awaitLine(lines, "the Web UI still shows the job");
        String overview =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://localhost:"
                                                                + port
                                                                + "/jobs/overview"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        assertThat(overview).contains("\"name\":\"word-count\"", "\"state\":\"FINISHED\"");
        assertThat(p.isAlive()).as("waits for the signal").isTrue();
        p.toHandle().destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
    }
}
