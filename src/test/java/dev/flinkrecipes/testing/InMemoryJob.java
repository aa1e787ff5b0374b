package dev.flinkrecipes.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.core.io.Input;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.io.JobOutput;
import dev.flinkrecipes.core.io.Sinks;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.SourceKind;
import dev.flinkrecipes.core.serde.RawRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import picocli.CommandLine;

/**
 * Runs a job, by name and with its command-line options, on an in-memory source of input lines with
 * collecting sinks (its {@link JobIO}): the job's whole pipeline (parsing, dead letters, event
 * time, windows, late output) on a MiniCluster, without files, topics, checkpoint commits or
 * waiting. The outputs come back as the JSON the real sinks write. Run it from a test class with a
 * {@code MiniClusterExtension} ({@link FlinkCluster#create()}).
 *
 * <pre>{@code
 * InMemoryJob.Outputs out = InMemoryJob.run("transaction-analytics", lines, "--parallelism", "2");
 * out.results(); out.deadLetters(); out.late();
 * }</pre>
 */
public final class InMemoryJob implements JobIO {
    private final Map<String, List<String>> inputs;

    /** This run's outputs: their keys in {@link #COLLECTED}, by output name. */
    private final Map<String, String> outputs = new LinkedHashMap<>();

    private final String run = UUID.randomUUID().toString();

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
                (name, key) -> {
                    List<JsonNode> json = new ArrayList<>();
                    Queue<String> rows = COLLECTED.remove(key);
                    if (rows != null) rows.forEach(r -> json.add(JsonlFiles.parse(r)));
                    all.put(name, json);
                });
        return new Outputs(
                all.getOrDefault("results", List.of()),
                all.getOrDefault("dlq", List.of()),
                all.getOrDefault("late", List.of()),
                all);
    }

    /** The input's lines, one instance in order, as a file's lines would come. */
    @Override
    public NamedSource source(JobOptions options, Input in, EventGenerator.Factory generator) {
        List<String> lines = inputs.get(in.id());
        assertThat(lines).as("in-memory lines for input '%s'", in.id()).isNotNull();
        ArrayList<String> text = new ArrayList<>(lines);
        String origin = "memory" + in.suffix();
        GeneratorFunction<Long, RawRecord> line =
                i -> new RawRecord(text.get(i.intValue()), SourceKind.file, origin, i + 1);
        return new NamedSource(
                new DataGeneratorSource<>(line, text.size(), TypeInformation.of(RawRecord.class)),
                "In-memory input" + in.suffix(),
                "source-memory" + in.suffix(),
                true);
    }

    /** Rows as the JSON the real sinks write, kept in this JVM (the MiniCluster runs here). */
    @Override
    public <T> NamedSink<T> sink(JobOptions options, JobOutput<T> output) {
        String key = run + "/" + output.name();
        outputs.put(output.name(), key);
        return new NamedSink<>(new Collecting<T>(key), output.uid(), "In-memory " + output.name());
    }

    /** The rows the {@link Collecting} sinks of all runs hold, by run and output. */
    private static final Map<String, Queue<String>> COLLECTED = new ConcurrentHashMap<>();

    /** A sink that keeps every row it is given, as JSON, in {@link #COLLECTED}. */
    private static final class Collecting<T> implements Sink<T> {
        private final String key;

        Collecting(String key) {
            this.key = key;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            Queue<String> rows = COLLECTED.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
            Sinks.ToJson<T> json = new Sinks.ToJson<>();
            return new SinkWriter<>() {
                @Override
                public void write(T row, Context ctx) {
                    rows.add(json.map(row));
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
