package dev.flinkrecipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.testing.ProcessOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code bash} block of the README (and of the pages in {@link #DOCS}) runs as written, the
 * way a newcomer pastes it: from a folder that has the clone's {@code bin/} and {@code samples/}
 * (links to them, so nothing is written into the project), each block a script with {@code set -euo
 * pipefail}. A block that needs Kafka or a cluster, or runs until Ctrl-C, says so in a {@code <!--
 * not run by ReadmeCommandsIT: ... -->} comment on the line before it; any other is run, so a new
 * command in the README is checked without anyone listing it here.
 */
class ReadmeCommandsIT {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final String NOT_RUN = "<!-- not run by ReadmeCommandsIT:";

    @TempDir static Path dir;

    /** The pages whose commands a newcomer runs first. */
    static final List<String> DOCS =
            List.of("README.md", "docs/running-a-job.md", "docs/outputs.md");

    record Block(String doc, int line, String script) {}

    /** The README's runnable bash blocks, with the line each starts on. */
    static List<Block> runnableBlocks(List<String> readme) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            if (!readme.get(i).equals("```bash")) continue;
            boolean skipped = i > 0 && readme.get(i - 1).startsWith(NOT_RUN);
            StringBuilder script = new StringBuilder();
            int start = i + 1;
            for (i = start; i < readme.size() && !readme.get(i).equals("```"); i++) {
                script.append(readme.get(i)).append('\n');
            }
            if (!skipped) blocks.add(new Block("", start, script.toString()));
        }
        return blocks;
    }

    @TestFactory
    Stream<DynamicTest> everyRunnableReadmeBlockSucceedsAsWritten() throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (String doc : DOCS) {
            for (Block b :
                    runnableBlocks(Files.readAllLines(ROOT.resolve(doc), StandardCharsets.UTF_8)))
                blocks.add(new Block(doc, b.line(), b.script()));
        }
        assertThat(blocks).as("the first steps at least").isNotEmpty();
        Path user = Files.createDirectories(dir.resolve("clone"));
        Files.createSymbolicLink(user.resolve("bin"), ROOT.resolve("bin"));
        Files.createSymbolicLink(user.resolve("samples"), ROOT.resolve("samples"));
        return blocks.stream()
                .map(
                        b ->
                                DynamicTest.dynamicTest(
                                        b.doc() + " line " + b.line(), () -> run(user, b)));
    }

    private static void run(Path user, Block block) throws Exception {
        Path script =
                Files.writeString(
                        dir.resolve(
                                "block-"
                                        + block.doc().replace('/', '-')
                                        + "-"
                                        + block.line()
                                        + ".sh"),
                        block.script());
        ProcessBuilder pb =
                new ProcessBuilder("bash", "-euo", "pipefail", script.toString())
                        .directory(user.toFile())
                        .redirectErrorStream(true);
        pb.environment().put("FLINK_RECIPES_RUN", dir.resolve("run").toString());
        pb.environment().put("FLINK_RECIPES_SAVEPOINTS", dir.resolve("savepoints").toString());
        pb.environment().put("FLINK_RECIPES_CDS", "off");
        Process p = pb.start();
        p.getOutputStream().close(); // no standard input, as in CI
        CompletableFuture<String> out = ProcessOutput.all(p);
        boolean ended = p.waitFor(4, TimeUnit.MINUTES);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String printed = out.get(10, TimeUnit.SECONDS);
        System.out.println(printed);
        assertThat(ended).as("ended in 4 min:%n%s%n%s", block.script(), printed).isTrue();
        assertThat(p.exitValue())
                .as("exit code of:%n%s%nwhich printed:%n%s", block.script(), printed)
                .isZero();
        assertThat(printed)
                .as("no error or stack trace")
                .doesNotContain("Exception", " error:", "ERROR");
        // Each job ran to its end and said what it did.
        long jobs =
                block.script()
                        .lines()
                        .filter(
                                l ->
                                        l.matches("bin/run [a-z-]+ .*")
                                                && !l.startsWith("bin/run produce-"))
                        .count();
        assertThat(printed.lines().filter(l -> l.matches("[a-z-]+ finished: .*")).count())
                .as("a run summary per job:%n%s", printed)
                .isEqualTo(jobs);
    }
}
