package dev.flinkrecipes.state.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.state.compat.CompatCase.CompatInput;
import dev.flinkrecipes.testing.KafkaBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A savepoint is not tied to the state backend that wrote it (canonical format): the oldest
 * committed heap savepoint of a case restores into RocksDB, which reads half of the rest of the
 * input and stops with a savepoint of its own; that one restores back onto the heap, which reads
 * the other half. The results of the three runs together equal one uninterrupted run's.
 */
class CrossBackendRestoreIT {
    @RegisterExtension static final MiniClusterExtension FLINK = CompatRun.cluster();
    @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"user-totals", "transaction-analytics"})
    void heapSavepointIntoRocksDbAndBack(String name, @InjectClusterClient ClusterClient<?> client)
            throws Exception {
        CompatCase compat = CompatCases.named(name);
        CompatInput in = compat.inputs().get(0);
        Path stored = CompatStore.of(compat, CompatStore.releases(compat).get(0));
        List<String> before = CompatStore.lines(CompatStore.input(stored, in, "before"));
        List<String> after = CompatStore.lines(CompatStore.input(stored, in, "after"));
        int half = after.size() / 2;
        CompatRun.createInputs(KAFKA, compat);
        String bootstrap = KAFKA.bootstrapServers();
        CompatRun run = new CompatRun(client, bootstrap, compat);

        CompatRun.produce(bootstrap, compat, lines(in, before, after.subList(0, half)));
        List<JsonNode> results =
                new ArrayList<>(CompatStore.rows(CompatStore.resultsBefore(stored)));
        String[] rocksDbSavepoint = new String[1];
        results.addAll(
                run.run(
                        dir.resolve("rocksdb"),
                        "into-rocksdb",
                        "rocksdb",
                        stored.resolve("savepoint").toUri().toString(),
                        half,
                        dir.resolve("savepoints"),
                        rocksDbSavepoint));
        assertThat(run.reportedStateBackend).isEqualTo("EmbeddedRocksDBStateBackend");

        CompatRun.produce(bootstrap, compat, lines(in, after.subList(half, after.size())));
        results.addAll(
                run.run(
                        dir.resolve("heap"),
                        "back-to-heap",
                        "hashmap",
                        rocksDbSavepoint[0],
                        after.size() - half,
                        null,
                        null));
        assertThat(run.reportedStateBackend).isEqualTo("HashMapStateBackend");

        Object uninterrupted =
                compat.comparable()
                        .apply(
                                run.run(
                                        dir.resolve("uninterrupted"),
                                        "uninterrupted",
                                        "hashmap",
                                        null,
                                        before.size() + after.size(),
                                        null,
                                        null));
        assertThat(compat.comparable().apply(results))
                .as("heap -> RocksDB -> heap against one uninterrupted run")
                .isEqualTo(uninterrupted);
    }

    @SafeVarargs
    private static Map<CompatInput, List<String>> lines(CompatInput in, List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) all.addAll(part);
        Map<CompatInput, List<String>> lines = new LinkedHashMap<>();
        lines.put(in, all);
        return lines;
    }
}
