package dev.flinkrecipes.state.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.state.compat.CompatCase.CompatInput;
import dev.flinkrecipes.testing.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Makes this release's compatibility savepoints ({@code bin/savepoint-compat-make}, which sets
 * {@code compat.release}; not part of the test suite): for each case, the job reads the first part
 * of its input from Kafka and stops with a canonical savepoint, which is stored under {@link
 * CompatStore} with the input and the results so far. An existing release folder is kept.
 */
@EnabledIfSystemProperty(named = "compat.release", matches = ".+")
class CompatSavepointMaker {
    @RegisterExtension static final MiniClusterExtension FLINK = CompatRun.cluster();
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
    @RegisterExtension static final CompatFilesLock FILES = new CompatFilesLock();

    @TempDir Path dir;

    /**
     * All cases, or those named in {@code compat.cases} (comma-separated; also for
     * SavepointCompatibilityIT).
     */
    static List<CompatCase> cases() {
        String only = System.getProperty("compat.cases", "");
        if (only.isBlank()) return CompatCases.ALL;
        return Arrays.stream(only.split(",")).map(String::strip).map(CompatCases::named).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void make(CompatCase compat, @InjectClusterClient ClusterClient<?> client) throws Exception {
        String release = System.getProperty("compat.release");
        Path target = CompatStore.of(compat, release);
        Assumptions.assumeFalse(
                Files.exists(target), () -> target + " exists: kept (delete it to make it again)");

        Map<CompatInput, List<String>> before = new LinkedHashMap<>();
        long recordsIn = 0;
        Path staging = Files.createDirectories(dir.resolve("release"));
        CompatRun.createInputs(KAFKA, compat);
        for (CompatInput in : compat.inputs()) {
            List<String> lines = in.lines();
            before.put(in, lines.subList(0, in.before()));
            recordsIn += in.before();
            Files.createDirectories(staging.resolve("input"));
            Files.write(CompatStore.input(staging, in, "before"), lines.subList(0, in.before()));
            Files.write(
                    CompatStore.input(staging, in, "after"),
                    lines.subList(in.before(), lines.size()));
        }
        CompatRun.produce(KAFKA.bootstrapServers(), compat, before);

        String[] savepoint = new String[1];
        Path output = dir.resolve("out");
        List<JsonNode> results =
                new CompatRun(client, KAFKA.bootstrapServers(), compat)
                        .run(
                                output,
                                "compat-make",
                                "hashmap",
                                null,
                                recordsIn,
                                dir.resolve("savepoints"),
                                savepoint);
        assertThat(savepoint[0]).as("savepoint of %s", compat).isNotNull();
        Files.move(Path.of(java.net.URI.create(savepoint[0])), staging.resolve("savepoint"));
        Files.write(
                CompatStore.resultsBefore(staging),
                results.stream().map(JsonNode::toString).toList());
        Files.writeString(
                staging.resolve("command.txt"),
                String.join(
                                " ",
                                compat.args(
                                        "<bootstrap>", Path.of("<output>"), "<group>", "hashmap"))
                        + "\n");
        Files.createDirectories(target.getParent());
        moveTree(staging, target);
        System.out.printf(
                "%s: savepoint of %s after %s events, %d result rows so far%n",
                target, compat.job(), recordsIn, results.size());
    }

    /** A folder moved across file systems (the temp dir may be another one), file by file. */
    private static void moveTree(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(dest);
                else Files.copy(p, dest);
            }
        }
    }
}
