package dev.flinkrecipes.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.io.Channel;
import dev.flinkrecipes.core.io.ConsoleBatches;
import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.core.io.Input;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.io.Sinks;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.SourceKind;
import dev.flinkrecipes.core.serde.RawRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine;

/**
 * Runs a job, by name and with its command-line options, on in-memory input lines with collecting
 * sinks: the job's whole pipeline (parsing, dead letters, event time, windows, late output) on a
 * MiniCluster, without files, topics, checkpoint commits or waiting. The outputs come back as the
 * JSON the real sinks write. Run it from a test class with a {@code MiniClusterExtension} ({@link
 * FlinkCluster#create()}).
 *
 * <pre>{@code
 * InMemoryJob.Outputs out = InMemoryJob.run("transaction-analytics", lines, "--parallelism", "2");
 * out.results(); out.deadLetters(); out.late();
 * }</pre>
 */
public final class InMemoryJob implements JobIO {
    private final Map<String, List<String>> inputs;
    private final Map<String, CloseableIterator<String>> outputs = new LinkedHashMap<>();

    private InMemoryJob(Map<String, List<String>> inputs) {
        this.inputs = inputs;
    }

    /** What a run wrote, per output, as JSON. */
    public record Outputs(
            List<JsonNode> results,
            List<JsonNode> deadLetters,
            List<JsonNode> late,
            Map<String, List<JsonNode>> all) {}

    /**
     * Runs {@code job} on {@code lines} (its primary input) with {@code options}; it must finish
     * with exit code 0.
     */
    public static Outputs run(String job, List<String> lines, String... options) {
        return run(job, Map.of("", lines), options);
    }

    /**
     * The same for a job with several inputs: {@code inputs} by input id ({@code ""} the primary
     * one, e.g. {@code "users"} for a join's second input).
     */
    public static Outputs run(String job, Map<String, List<String>> inputs, String... options) {
        InMemoryJob io = new InMemoryJob(inputs);
        CommandLine cli = Main.commandLine(io);
        assertThat(cli.getSubcommands()).as("job %s", job).containsKey(job);
        List<String> args = new ArrayList<>(List.of(job, "--sink", "discard"));
        if (!List.of(options).contains("--checkpoint-interval")) {
            // Nothing to commit in memory; with checkpoints on, the collecting sink would hold rows
            // until one completes.
            args.addAll(List.of("--checkpoint-interval", "0"));
        }
        args.addAll(List.of(options));
        assertThat(cli.execute(args.toArray(String[]::new))).as("exit code of %s", job).isZero();
        Map<String, List<JsonNode>> all = new LinkedHashMap<>();
        io.outputs.forEach(
                (name, rows) -> {
                    List<JsonNode> json = new ArrayList<>();
                    try (rows) {
                        rows.forEachRemaining(r -> json.add(JsonlFiles.parse(r)));
                    } catch (Exception e) {
                        throw new IllegalStateException("reading output " + name, e);
                    }
                    all.put(name, json);
                });
        return new Outputs(
                all.getOrDefault("results", List.of()),
                all.getOrDefault("dlq", List.of()),
                all.getOrDefault("late", List.of()),
                all);
    }

    @Override
    public DataStream<RawRecord> read(
            StreamExecutionEnvironment env,
            JobOptions options,
            Input in,
            EventGenerator.Factory generator) {
        List<String> lines = inputs.get(in.id());
        assertThat(lines).as("in-memory lines for input '%s'", in.id()).isNotNull();
        List<RawRecord> records = new ArrayList<>();
        String origin = "memory" + in.suffix();
        for (int i = 0; i < lines.size(); i++)
            records.add(new RawRecord(lines.get(i), SourceKind.file, origin, i + 1));
        return env.fromData(records, TypeInformation.of(RawRecord.class))
                .name("In-memory input" + in.suffix());
    }

    @Override
    public <T> void write(
            DataStream<T> stream,
            Channel channel,
            String suffix,
            String topic,
            Sinks.KeyFn<T> key,
            ConsoleBatches console,
            JobOptions options) {
        outputs.put(
                channel + suffix,
                stream.map(new Sinks.ToJson<T>())
                        .returns(Types.STRING)
                        .name("To JSON")
                        .collectAsync());
    }
}
