package dev.flinkrecipes.state.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.state.compat.CompatCase.CompatInput;
import dev.flinkrecipes.testing.KafkaBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Savepoints of earlier releases restore into this build, the pattern of Flink's own migration
 * tests: for each committed savepoint ({@link CompatStore}), the current job starts from it, reads
 * the rest of the input it was taken at, and its results, after the ones committed before the
 * savepoint, equal those of one uninterrupted run of the current job over the whole input. A state
 * class, key type, serializer or uid changed incompatibly fails here (the job does not start, or
 * its state is lost and the results differ), and so does an event read twice or lost.
 */
class SavepointCompatibilityIT {
    @RegisterExtension static final MiniClusterExtension FLINK = CompatRun.cluster();
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
    @RegisterExtension static final CompatFilesLock FILES = new CompatFilesLock();

    @TempDir Path dir;

    /** Per case: the input its topics hold (the first release's), and the uninterrupted run's. */
    private static final Map<String, Map<CompatInput, List<String>>> PRODUCED = new HashMap<>();

    private static final Map<String, Object> UNINTERRUPTED = new HashMap<>();

    static Stream<Arguments> committedSavepoints() throws Exception {
        List<Arguments> all = new ArrayList<>();
        for (CompatCase compat : CompatSavepointMaker.cases()) {
            for (String release : CompatStore.releases(compat))
                all.add(Arguments.of(compat, release));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} from release {1}")
    @MethodSource("committedSavepoints")
    void restoresAndContinuesExactlyOnce(
            CompatCase compat, String release, @InjectClusterClient ClusterClient<?> client)
            throws Exception {
        Path stored = CompatStore.of(compat, release);
        Map<CompatInput, List<String>> input = new LinkedHashMap<>();
        Map<CompatInput, List<String>> before = new LinkedHashMap<>();
        Map<CompatInput, List<String>> rest = new LinkedHashMap<>();
        long total = 0, after = 0;
        for (CompatInput in : compat.inputs()) {
            before.put(in, CompatStore.lines(CompatStore.input(stored, in, "before")));
            rest.put(in, CompatStore.lines(CompatStore.input(stored, in, "after")));
            List<String> lines = new ArrayList<>(before.get(in));
            lines.addAll(rest.get(in));
            input.put(in, lines);
            total += lines.size();
            after += rest.get(in).size();
        }
        CompatRun run = new CompatRun(client, KAFKA.bootstrapServers(), compat);
        Map<CompatInput, List<String>> produced = PRODUCED.get(compat.name());
        if (produced == null) {
            CompatRun.createInputs(KAFKA, compat);
            // In two parts: a file input's first file is the one its savepoint has read.
            CompatRun.produce(KAFKA.bootstrapServers(), compat, before);
            CompatRun.produce(KAFKA.bootstrapServers(), compat, rest);
            PRODUCED.put(compat.name(), produced = input);
            UNINTERRUPTED.put(
                    compat.name(),
                    compat.comparable()
                            .apply(
                                    run.run(
                                            dir.resolve("uninterrupted"),
                                            "compat-uninterrupted",
                                            "hashmap",
                                            null,
                                            total,
                                            null,
                                            null)));
        }
        assertThat(input)
                .as(
                        "the input of %s in release %s is the topics' (the first release's); a case"
                                + " whose input changes needs a new name",
                        compat, release)
                .isEqualTo(produced);

        List<JsonNode> results =
                new ArrayList<>(CompatStore.rows(CompatStore.resultsBefore(stored)));
        results.addAll(
                run.run(
                        dir.resolve("restored"),
                        "compat-restored-" + release,
                        "hashmap",
                        stored.resolve("savepoint").toUri().toString(),
                        after,
                        null,
                        null));
        assertThat(compat.comparable().apply(results))
                .as(
                        "results of %s before its savepoint of release %s and after restoring it,"
                                + " against one uninterrupted run",
                        compat, release)
                .isEqualTo(UNINTERRUPTED.get(compat.name()));
    }
}
