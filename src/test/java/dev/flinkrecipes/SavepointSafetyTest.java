package dev.flinkrecipes;

import dev.flinkrecipes.testing.Await;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.jobgraph.JobType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Savepoint-safe by construction: every job, with every source and sink kind, is built (not run) and its
 * stream graph checked: each operator has an explicit uid, no two share one, and each has a readable
 * name. A job that breaks this would lose its state on the next upgrade.
 */
class SavepointSafetyTest {

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
    static final Map<String, String[]> OWN_OPTIONS = Map.of(
            "kafka-etl-parquet", new String[] {"--parquet-path", "/tmp/parquet"},
            "people-to-postgres", new String[] {"--no-create-table"},
            "transaction-enrichment", new String[] {"--updates-input", "/tmp/updates"},
            "invoices", new String[] {"--after-commit", "archive", "--archive-dir", "/tmp/archive"});

    @AfterEach
    void uninstall() {
        GraphCapture.uninstall();
    }

    static Stream<Arguments> everyJobAndIo() {
        List<Arguments> cases = new ArrayList<>();
        CommandLine main = new CommandLine(new Main());
        for (Map.Entry<String, CommandLine> job : main.getSubcommands().entrySet()) {
            if (!isJob(job.getValue())) continue; // tools (producer, status) build no graph
            for (String source : List.of("kafka", "file", "generator", "socket")) {
                if (source.equals("socket") && List.of("ecommerce-report", "transaction-enrichment").contains(job.getKey())) {
                    continue; // bounded input only / two inputs
                }
                if (source.equals("generator") && List.of("bizum", "invoices").contains(job.getKey())) {
                    continue; // their input is files dropped into a folder; no generator
                }
                for (String sink : List.of("kafka", "file", "print")) {
                    cases.add(Arguments.of(job.getKey(), source, sink));
                }
            }
        }
        return cases.stream();
    }

    static boolean isJob(CommandLine command) {
        return command.getCommandSpec().findOption("--source") != null;
    }

    @ParameterizedTest(name = "{0} --source {1} --sink {2}")
    @MethodSource("everyJobAndIo")
    void everyOperatorHasAUniqueUidAndAName(String job, String source, String sink) {
        GraphCapture.install();
        int exit = Main.run(Await.concat(new String[] {job, "--source", source, "--input", "/tmp/in", "--sink", sink, "--output", "/tmp/out",
                "--bounded", "--count", "10", "--checkpoint-interval", job.equals("ecommerce-report") ? "0" : "10s",
                "--delivery-guarantee", job.equals("ecommerce-report") ? "AT_LEAST_ONCE" : "EXACTLY_ONCE",
                }, OWN_OPTIONS.getOrDefault(job, new String[0])));
        assertThat(GraphCapture.GRAPHS).as("graphs built by %s", job).hasSize(1);
        StreamGraph graph = GraphCapture.GRAPHS.get(0);
        if (graph.getJobType() == JobType.BATCH) {
            return; // a batch job (the report) is re-run, never restored from a savepoint; it cannot read results here
        }
        assertThat(exit).as("building %s", job).isZero();

        Map<String, String> uids = new HashMap<>();
        for (StreamNode node : graph.getStreamNodes()) {
            String uid = node.getTransformationUID();
            assertThat(uid).as("uid of operator '%s' in %s", node.getOperatorName(), job).isNotBlank();
            String previous = uids.put(uid, node.getOperatorName());
            assertThat(previous).as("uid '%s' shared by '%s' and '%s'", uid, previous, node.getOperatorName()).isNull();
            assertThat(node.getOperatorName()).isNotBlank();
        }
        assertThat(uids).containsKeys("parse", "sink-dlq");
    }
}
