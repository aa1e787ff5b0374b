package dev.flinkrecipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.testing.ProcessOutput;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's local runs as a user types them: {@code bin/run <job> ...} from another folder, as a
 * child process. Whatever is missing (a file, a folder, files in it, a socket server, a Kafka
 * broker) must end the command in seconds with one line that names the cause, not a job that
 * restarts in silence; a job that fails at run time stops after a few restarts with its root cause
 * in one line and the stack in the run's log file.
 */
class LocalRunIT {
    static final Path ROOT = Path.of("").toAbsolutePath();

    /** The brief's bound; the checks take about 1-3 s, Kafka's at most its 5 s timeout more. */
    static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir static Path dir;
    static Path runDir;

    @BeforeAll
    static void runFolder() throws IOException {
        runDir = Files.createDirectories(dir.resolve("run"));
    }

    @AfterAll
    static void report() {
        TIMES.forEach(System.out::println);
    }

    static final List<String> TIMES = new ArrayList<>();

    record Result(int exit, String out, Duration took) {
        /**
         * The command's lines that are neither the job's one-line summary nor bin/run's own notes.
         */
        List<String> errors() {
            return out.lines()
                    .filter(
                            l ->
                                    !l.startsWith("[run]")
                                            && !l.contains("; options and log: ")
                                            && !l.startsWith("  ")
                                            && !l.startsWith("Job ")
                                            && !l.isBlank())
                    .toList();
        }
    }

    /**
     * bin/run with the given arguments, started from the temp folder (not the project's), within
     * WITHIN.
     */
    static Result run(String... args) throws Exception {
        // No class-data archive built in the background while other tests run: see
        // startsFromTheClassDataArchive.
        return run(Map.of("FLINK_RECIPES_CDS", "off"), args);
    }

    static Result run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("bin/run").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("FLINK_RECIPES_RUN", runDir.toString());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        CompletableFuture<String> out = ProcessOutput.all(p);
        boolean ended = p.waitFor(WITHIN.toSeconds(), TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String printed = out.get(10, TimeUnit.SECONDS);
        assertThat(ended)
                .as(
                        "bin/run %s ended within %s; it printed:%n%s",
                        String.join(" ", args), WITHIN, printed)
                .isTrue();
        TIMES.add(
                String.format(
                        "bin/run %s: exit %d after %.1f s",
                        String.join(" ", args), p.exitValue(), took.toMillis() / 1000.0));
        return new Result(p.exitValue(), printed, took);
    }

    @Test
    void missingInputFile() throws Exception {
        Result r = run("word-count", "--source", "file", "--input", "nonexistent/x.txt");
        assertThat(r.exit()).isEqualTo(Main.FAILED);
        assertThat(r.errors())
                .containsExactly(
                        "word-count: input "
                                + dir.resolve("nonexistent/x.txt")
                                + " does not exist: check --input (relative paths start at "
                                + dir
                                + ")");
    }

    @Test
    void missingWatchedFolder() throws Exception {
        Result r = run("bizum", "--input", "/nonexistent");
        assertThat(r.exit()).isEqualTo(Main.FAILED);
        assertThat(r.errors())
                .containsExactly(
                        "bizum: input folder /nonexistent does not exist: create it (mkdir -p"
                                + " /nonexistent) or check --input");
    }

    @Test
    void folderWithNothingToRead() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve(".hidden"), "not read by Flink's file source");
        Result r =
                run("fraud-detection", "--source", "file", "--input", "empty", "--sink", "print");
        assertThat(r.exit()).isEqualTo(Main.FAILED);
        assertThat(r.errors())
                .singleElement()
                .asString()
                .startsWith("fraud-detection: input folder " + empty + " has no files to read")
                .contains("--watch");
    }

    @Test
    void noSocketServer() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Result r = run("word-count", "--socket-port", String.valueOf(closed));
        assertThat(r.exit()).isEqualTo(Main.FAILED);
        assertThat(r.errors())
                .singleElement()
                .asString()
                .startsWith("word-count: nothing accepts connections on localhost:" + closed)
                .contains("nc -lk " + closed);
    }

    @Test
    void deadKafkaBroker() throws Exception {
        Result r = run("fraud-detection", "--bootstrap-servers", "localhost:1");
        assertThat(r.exit()).isEqualTo(Main.FAILED);
        assertThat(r.errors())
                .as(r.out())
                .containsExactly(
                        "fraud-detection: no Kafka broker answered at localhost:1 within 5s: start"
                                + " it (bin/kafka-start) or check --bootstrap-servers (a TLS or"
                                + " SASL listener? set security.protocol with --kafka-property)");
    }

    /**
     * A failure the checks cannot see: the socket server accepts the check's connection and then
     * goes away, so the job's own connection is refused. It must stop after its restarts, say why
     * in one line, and log the stack.
     */
    @Test
    void failureAtRunTimeStopsAfterRestartsWithTheRootCause() throws Exception {
        ServerSocket server = new ServerSocket(0);
        int port = server.getLocalPort();
        CompletableFuture<Void> acceptOnce =
                CompletableFuture.runAsync(
                        () -> {
                            try (server;
                                    Socket probe = server.accept()) {
                                // the check's connection; then the server goes away (closed with
                                // the try)
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        try {
            Result r =
                    run(
                            "word-count",
                            "--socket-port",
                            String.valueOf(port),
                            "--checkpoint-interval",
                            "0");
            assertThat(acceptOnce).isDone();
            assertThat(r.exit()).isEqualTo(Main.FAILED);
            List<String> failed =
                    r.errors().stream().filter(l -> l.startsWith("word-count:")).toList();
            assertThat(failed)
                    .as(r.out())
                    .singleElement()
                    .asString()
                    .startsWith(
                            "word-count: the job failed and its restarts are used up:"
                                    + " java.net.ConnectException")
                    .contains("stack trace in " + runDir.resolve("logs"));
            Path log = Path.of(failed.get(0).replaceAll(".*stack trace in (.*)\\)$", "$1"));
            assertThat(Files.readString(log))
                    .contains("ERROR", "word-count failed", "\tat ", "Connection refused");
            // The console shows no stack trace: warnings are one line each.
            assertThat(r.out()).doesNotContain("\tat ");
        } finally {
            server.close();
        }
    }

    /**
     * bin/cds builds the class-data archive that makes bin/run start faster, and bin/run maps it:
     * with -Xshare:on the JVM refuses to start if it cannot. The job's rows are the same.
     */
    @Test
    void startsFromTheClassDataArchive() throws Exception {
        Process cds =
                new ProcessBuilder("bash", ROOT.resolve("bin/cds").toString(), "--force")
                        .redirectErrorStream(true)
                        .start();
        String built = new String(cds.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cds.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(cds.exitValue()).as(built).isZero();
        assertThat(ROOT.resolve("target/cds/classes.jsa")).isNotEmptyFile();

        Path text = Files.writeString(dir.resolve("words.txt"), "to be or not to be\n");
        Result r =
                run(
                        Map.of("FLINK_RECIPES_CDS", "on", "JAVA_OPTS", "-Xshare:on"),
                        "word-count",
                        "--source",
                        "file",
                        "--input",
                        text.toString(),
                        "--sink",
                        "print");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out())
                .contains("|  be|    2|", "|  to|    2|", "| not|    1|", "|  or|    1|");
    }

    @Test
    void helpListsTheJobs() throws Exception {
        Result r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains(
                        "bin/run <job>",
                        "word-count",
                        "fraud-detection",
                        "kafka-etl-parquet",
                        "--web-ui");
    }

    /**
     * The job jar holds no Flink (a cluster provides it): java -jar says so, and what to use
     * instead.
     */
    @Test
    void jobJarAloneSaysHowToRunIt() throws Exception {
        Path jar;
        try (Stream<Path> jars = Files.list(ROOT.resolve("target"))) {
            jar =
                    jars.filter(
                                    j ->
                                            j.getFileName()
                                                    .toString()
                                                    .matches(
                                                            "flink-recipes-.*\\d\\.jar|flink-recipes-.*-SNAPSHOT\\.jar"))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "no job jar in target/: mvn package first"));
        }
        Process p =
                new ProcessBuilder("java", "-jar", jar.toString(), "--help")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(Main.FAILED);
        assertThat(out.strip()).doesNotContain("Exception").contains("flink run", "bin/run <job>");
    }
}
