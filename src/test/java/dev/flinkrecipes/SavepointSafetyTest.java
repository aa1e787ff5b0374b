package dev.flinkrecipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.flinkrecipes.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.jobgraph.JobType;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.operators.SourceOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.operators.collect.CollectSinkOperatorFactory;
import org.apache.flink.streaming.runtime.operators.sink.CommitterOperatorFactory;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Savepoint-safe by construction: every job, with every source and sink kind, is built (not run)
 * and its stream graph checked: each operator has an explicit uid, no two share one, and each has a
 * readable name. A job that breaks this would lose its state on the next upgrade.
 *
 * <p>And the uids of the operators that hold state are pinned, per job, in {@value #PINNED}: a
 * savepoint maps its state to operators by uid, so renaming or dropping one of them loses that
 * state on the next upgrade. Flink skips a savepoint's empty operator states, so the uids of
 * stateless operators may change.
 */
class SavepointSafetyTest {
    static final String PINNED = "savepoint-uids.txt";

    /** Captures the graph a job would submit, instead of running it. */
    static final class GraphCapture extends StreamExecutionEnvironment {
        static final List<StreamGraph> GRAPHS = new ArrayList<>();

        GraphCapture(org.apache.flink.configuration.Configuration conf) {
            super(conf);
        }

        static void install() {
            GRAPHS.clear();
            initializeContextEnvironment(GraphCapture::new);
        }

        static void uninstall() {
            resetContextEnvironment();
        }

        @Override
        public JobExecutionResult execute(StreamGraph graph) {
            GRAPHS.add(graph);
            return null;
        }
    }

    /** The jobs' own required options, and no database to reach while only building. */
    static final Map<String, String[]> OWN_OPTIONS =
            Map.of(
                    "kafka-etl-parquet", new String[] {"--parquet-path", "/tmp/parquet"},
                    "people-to-postgres", new String[] {"--no-create-table"},
                    "transaction-enrichment", new String[] {"--updates-input", "/tmp/updates"},
                    "invoices",
                            new String[] {
                                "--after-commit", "archive", "--archive-dir", "/tmp/archive"
                            });

    /**
     * The options of each job's other modes whose stateful operators have uids of their own (a
     * savepoint of one mode does not restore into the other): pinned like the default mode's.
     */
    static final Map<String, List<String[]>> OTHER_MODES =
            Map.of(
                    "user-totals", List.<String[]>of(new String[] {"--trigger", "10s"}),
                    "word-count",
                            List.<String[]>of(
                                    new String[] {"--output-mode", "append", "--trigger", "10s"}));

    static List<String> jobs() {
        List<String> jobs = new ArrayList<>();
        for (Map.Entry<String, CommandLine> command :
                new CommandLine(new Main()).getSubcommands().entrySet()) {
            if (command.getValue().getCommandSpec().findOption("--source") != null)
                jobs.add(command.getKey()); // tools (producer, status) build no graph
        }
        return jobs;
    }

    static List<String[]> ioOf(String job) {
        List<String[]> io = new ArrayList<>();
        for (String source : List.of("kafka", "file", "generator", "socket")) {
            if (source.equals("socket")
                    && List.of("ecommerce-report", "transaction-enrichment").contains(job)) {
                continue; // bounded input only / two inputs
            }
            if (source.equals("generator") && List.of("bizum", "invoices").contains(job)) {
                continue; // their input is files dropped into a folder; no generator
            }
            for (String sink : List.of("kafka", "file", "print"))
                io.add(new String[] {source, sink});
        }
        return io;
    }

    static Stream<Arguments> everyJobAndIo() {
        return jobs().stream()
                .flatMap(job -> ioOf(job).stream().map(io -> Arguments.of(job, io[0], io[1])));
    }

    record Built(StreamGraph graph, int exit) {}

    /** Each graph is built once for both tests (building all of them takes seconds). */
    static final Map<List<String>, Built> BUILT = new HashMap<>();

    /** The job's graph with this source and sink, and the exit code of building it. */
    static Built build(String job, String source, String sink) {
        return build(job, source, sink, new String[0]);
    }

    /** The same in another mode ({@link #OTHER_MODES}). */
    static Built build(String job, String source, String sink, String[] mode) {
        List<String> key = new ArrayList<>(List.of(job, source, sink));
        key.addAll(List.of(mode));
        return BUILT.computeIfAbsent(key, k -> buildNow(job, source, sink, mode));
    }

    private static Built buildNow(String job, String source, String sink, String[] mode) {
        GraphCapture.install();
        try {
            // A job offers only the options of the sources it reads: --count for a generator,
            // --bounded for Kafka.
            String[] bounded =
                    switch (source) {
                        case "generator" -> new String[] {"--count", "10"};
                        case "kafka" -> new String[] {"--bounded"};
                        default -> new String[0];
                    };
            int exit =
                    Main.run(
                            Await.concat(
                                    Await.concat(
                                            new String[] {
                                                job,
                                                "--source",
                                                source,
                                                "--input",
                                                "/tmp/in",
                                                "--sink",
                                                sink,
                                                "--output",
                                                "/tmp/out",
                                                "--checkpoint-interval",
                                                job.equals("ecommerce-report") ? "0" : "10s",
                                                "--delivery-guarantee",
                                                job.equals("ecommerce-report")
                                                        ? "AT_LEAST_ONCE"
                                                        : "EXACTLY_ONCE",
                                            },
                                            bounded),
                                    Await.concat(
                                            OWN_OPTIONS.getOrDefault(job, new String[0]), mode)));
            assertThat(GraphCapture.GRAPHS)
                    .as("graphs built by %s --source %s --sink %s", job, source, sink)
                    .hasSize(1);
            return new Built(GraphCapture.GRAPHS.get(0), exit);
        } finally {
            GraphCapture.uninstall();
        }
    }

    @ParameterizedTest(name = "{0} --source {1} --sink {2}")
    @MethodSource("everyJobAndIo")
    void everyOperatorHasAUniqueUidAndAName(String job, String source, String sink) {
        Built built = build(job, source, sink);
        StreamGraph graph = built.graph();
        if (graph.getJobType() == JobType.BATCH) {
            return; // a batch job (the report) is re-run, never restored from a savepoint; it
            // cannot read results here
        }
        assertThat(built.exit()).as("building %s", job).isZero();

        Map<String, String> uids = new HashMap<>();
        for (StreamNode node : graph.getStreamNodes()) {
            String uid = node.getTransformationUID();
            assertThat(uid)
                    .as("uid of operator '%s' in %s", node.getOperatorName(), job)
                    .isNotBlank();
            String previous = uids.put(uid, node.getOperatorName());
            assertThat(previous)
                    .as("uid '%s' shared by '%s' and '%s'", uid, previous, node.getOperatorName())
                    .isNull();
            assertThat(node.getOperatorName()).isNotBlank();
        }
        assertThat(uids).containsKeys("parse", "sink-dlq");
    }

    /**
     * The uids of every operator that holds state, with any source and sink, are exactly the pinned
     * ones: one dropped or renamed would orphan a savepoint's state; one added must be pinned so it
     * never changes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void statefulUidsAreThePinnedOnes(String job) throws IOException {
        Set<String> actual = new TreeSet<>();
        List<StreamGraph> graphs = new ArrayList<>();
        for (String[] io : ioOf(job)) {
            graphs.add(build(job, io[0], io[1]).graph());
            for (String[] mode : OTHER_MODES.getOrDefault(job, List.of()))
                graphs.add(build(job, io[0], io[1], mode).graph());
        }
        for (StreamGraph graph : graphs) {
            boolean batch = graph.getJobType() == JobType.BATCH;
            for (StreamNode node : graph.getStreamNodes()) {
                if (!holdsState(node)) continue;
                // A batch job is never restored: its own operators need no uid, and the client's
                // result fetch (collect) is named by Flink after a counter. Its shared operators
                // (source, parse, sinks) have their uids.
                String uid = node.getTransformationUID();
                if (batch
                        && (uid == null
                                || node.getOperatorFactory()
                                        instanceof CollectSinkOperatorFactory<?>)) continue;
                assertThat(uid)
                        .as("uid of stateful operator '%s' in %s", node.getOperatorName(), job)
                        .isNotBlank();
                actual.add(uid);
            }
        }
        Map<String, Set<String>> pinned = pinned();
        Set<String> expected = pinned.get(job);
        String line = job + ": " + String.join(", ", actual);
        if (expected == null) {
            fail(
                    "job %s has no line in src/test/resources/%s: add its stateful uids, so that"
                            + " they never change:%n  %s",
                    job, PINNED, line);
        }
        Set<String> gone = new TreeSet<>(expected);
        gone.removeAll(actual);
        Set<String> added = new TreeSet<>(actual);
        added.removeAll(expected);
        if (!gone.isEmpty()) {
            fail(
                    "Savepoint compatibility: %s no longer has the stateful uid(s) %s (renamed or"
                        + " removed). A savepoint of the current version keeps their state under"
                        + " these uids: the new version would not start from it, or with"
                        + " --allowNonRestoredState would silently drop that state. Keep the uid on"
                        + " the operator that holds the state. If the break is intended, document"
                        + " it in savepoints/README.md (what is lost, and that upgrades from older"
                        + " savepoints need --allowNonRestoredState), then update its line in"
                        + " src/test/resources/%s:%n  %s",
                    job, gone, PINNED, line);
        }
        if (!added.isEmpty()) {
            fail(
                    "%s has new stateful uid(s) %s: add them to its line in src/test/resources/%s,"
                            + " so that the list stays exact and a later rename fails here:%n  %s",
                    job, added, PINNED, line);
        }
    }

    @Test
    void everyPinnedJobExists() throws IOException {
        assertThat(pinned().keySet())
                .as(
                        "jobs in src/test/resources/%s (a job renamed or removed breaks its"
                                + " savepoints too)",
                        PINNED)
                .containsExactlyInAnyOrderElementsOf(jobs());
    }

    /**
     * Whether Flink may keep state for this operator in a savepoint: keyed state and timers, a
     * source's positions, a sink's pending writes and commits, a function's or operator's own
     * checkpointed state.
     */
    static boolean holdsState(StreamNode node) {
        if (node.getStateKeySerializer() != null) return true;
        StreamOperatorFactory<?> factory = node.getOperatorFactory();
        if (factory instanceof SourceOperatorFactory<?>
                || factory instanceof SinkWriterOperatorFactory<?, ?>
                || factory instanceof CommitterOperatorFactory<?>) return true;
        if (!(factory instanceof SimpleOperatorFactory<?> simple)) return false;
        StreamOperator<?> operator = simple.getOperator();
        if (operator instanceof AbstractUdfStreamOperator<?, ?> udf
                && udf.getUserFunction() instanceof CheckpointedFunction) return true;
        return declaresState(operator.getClass());
    }

    /** One of this project's operators (not Flink's) that snapshots state of its own. */
    private static boolean declaresState(Class<?> type) {
        for (Class<?> c = type;
                c != null && c.getName().startsWith("dev.flinkrecipes.");
                c = c.getSuperclass()) {
            for (var m : c.getDeclaredMethods()) {
                if (m.getName().equals("initializeState") || m.getName().equals("snapshotState"))
                    return true;
            }
        }
        return false;
    }

    /**
     * job -> its pinned uids; lines {@code job: uid, uid, ...} (a uid may hold spaces and ':'), '#'
     * comments.
     */
    static Map<String, Set<String>> pinned() throws IOException {
        Map<String, Set<String>> pinned = new LinkedHashMap<>();
        try (InputStream in = SavepointSafetyTest.class.getResourceAsStream("/" + PINNED)) {
            assertThat(in).as("src/test/resources/%s", PINNED).isNotNull();
            for (String raw :
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                int colon = line.indexOf(':');
                assertThat(colon).as("'job: uid, uid, ...' in %s: %s", PINNED, raw).isPositive();
                Set<String> uids = new TreeSet<>();
                for (String uid : line.substring(colon + 1).split(",")) {
                    if (!uid.isBlank()) uids.add(uid.strip());
                }
                Set<String> previous = pinned.put(line.substring(0, colon).strip(), uids);
                assertThat(previous)
                        .as("two lines for %s in %s", line.substring(0, colon), PINNED)
                        .isNull();
            }
        }
        return pinned;
    }
}
