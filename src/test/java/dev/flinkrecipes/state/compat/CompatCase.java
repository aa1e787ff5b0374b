package dev.flinkrecipes.state.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.testing.JsonlFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One stateful job in one mode, as the savepoint-compatibility tests run it: its Kafka inputs (a
 * seeded generator's events, {@code before} of them read before the savepoint and {@code after}
 * after it), its own options, and how its results are compared with an uninterrupted run's.
 *
 * @param name the folder under savepoints/compat/ (the job, or job and mode)
 * @param options the job's own options; {@code {output}} stands for the run's output folder, {@code
 *     {jdbc-url}} and {@code {table}} for the PostgreSQL server and the run's table ({@link
 *     CompatPostgres})
 * @param results the rows a run committed, read from its output folder
 */
record CompatCase(
        String name,
        String job,
        List<CompatInput> inputs,
        List<String> options,
        Function<List<JsonNode>, Object> comparable,
        Results results) {

    /** A job writing its results as JSON lines (--sink file): the committed files' rows. */
    CompatCase(
            String name,
            String job,
            List<CompatInput> inputs,
            List<String> options,
            Function<List<JsonNode>, Object> comparable) {
        this(
                name,
                job,
                inputs,
                options,
                comparable,
                output -> JsonlFiles.readCommitted(output.resolve("results")));
    }

    /** How a case's committed results are read from a run's output folder. */
    @FunctionalInterface
    interface Results {
        List<JsonNode> read(Path output) throws IOException;
    }

    /** The first event's time, for every generator: the inputs never change between releases. */
    static final long START = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();

    /**
     * An input of the job: a Kafka topic, which {@code topicOption} names, or files in a watched
     * folder ({@code --input}, with {@code inFiles}); the generator makes its events, one every 30
     * s of event time (so windows open and close within the input).
     */
    record CompatInput(
            String name,
            String topicOption,
            EventGenerator.Factory generator,
            long seed,
            int before,
            int after,
            boolean inFiles) {
        /** A Kafka topic. */
        CompatInput(
                String name,
                String topicOption,
                EventGenerator.Factory generator,
                long seed,
                int before,
                int after) {
            this(name, topicOption, generator, seed, before, after, false);
        }

        /** The events, one JSON line each: the first {@code before}, then the others. */
        List<String> lines() {
            EventGenerator events = generator.create(seed, START, 1.0 / 30);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < before + after; i++) lines.add(events.line(i));
            return lines;
        }
    }

    /** The Kafka topic of an input: the same name in every release's run. */
    String topic(CompatInput in) {
        return "compat." + name + "." + in.name();
    }

    /**
     * The folder of a file input. Its path is the same in every release's run and on every machine:
     * a file source's savepoint holds the absolute paths of the files it has read (a file it would
     * not know there would be read again after the restore). One run on a machine uses it at a
     * time: {@link CompatFilesLock}.
     */
    Path folder(CompatInput in) {
        return FILES_ROOT.resolve(name).resolve(in.name());
    }

    static final Path FILES_ROOT = Path.of("/tmp/flink-recipes-compat");

    /** The job's command line, reading its inputs' topics from the start and writing files. */
    List<String> args(String bootstrap, Path output, String groupId, String stateBackend) {
        List<String> args = new ArrayList<>(List.of(job));
        if (inputs.stream().allMatch(CompatInput::inFiles)) {
            args.addAll(List.of("--source", "file", "--watch", "200ms"));
        } else {
            args.addAll(List.of("--source", "kafka", "--bootstrap-servers", bootstrap));
            args.addAll(List.of("--group-id", groupId));
        }
        for (CompatInput in : inputs) {
            if (in.inFiles()) args.addAll(List.of("--input", folder(in).toString()));
            else args.addAll(List.of(in.topicOption(), topic(in)));
        }
        args.addAll(
                List.of(
                        "--sink",
                        "file",
                        "--output",
                        output.toString(),
                        "--checkpoint-interval",
                        "300ms",
                        "--parallelism",
                        "1",
                        "--state-backend",
                        stateBackend));
        for (String o : options) args.add(resolve(o, output));
        return args;
    }

    /**
     * An option with the run's values in place of its placeholders; the command line the savepoint
     * maker stores (its output a placeholder, not a path) keeps {@code {jdbc-url}} and {@code
     * {table}}, which differ between runs.
     */
    private static String resolve(String option, Path output) {
        String resolved = option.replace("{output}", output.toString());
        if (!output.isAbsolute()) return resolved;
        if (resolved.contains("{table}"))
            resolved = resolved.replace("{table}", CompatPostgres.table(output));
        if (resolved.contains("{jdbc-url}"))
            resolved = resolved.replace("{jdbc-url}", CompatPostgres.jdbcUrl());
        return resolved;
    }

    // ---- how results compare: each row without its processing-time fields ----

    /**
     * The processing-time fields of the rows (the trigger that wrote a row, the time the ETL
     * processed an event): they differ between any two runs.
     */
    private static final List<String> PROCESSING_TIME = List.of("batch", "processed_timestamp");

    private static String withoutProcessingTime(JsonNode row) {
        ObjectNode copy = row.deepCopy();
        copy.remove(PROCESSING_TIME);
        return copy.toString();
    }

    /** Every row, each as often as written: exactly once, for deterministic results. */
    static Object everyRow(List<JsonNode> rows) {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode row : rows) counts.merge(withoutProcessingTime(row), 1, Integer::sum);
        return counts;
    }

    /**
     * The latest row per key: a processing-time trigger's table, whose intermediate rows depend on
     * timing but whose final value per key does not (a duplicate or a lost event changes it).
     */
    static Function<List<JsonNode>, Object> latestBy(String key) {
        return rows -> {
            Map<String, String> latest = new TreeMap<>();
            for (JsonNode row : rows)
                latest.put(row.path(key).asText(), withoutProcessingTime(row));
            return latest;
        };
    }

    /** The sum of a field per key: counts per processing-time batch, split as timing falls. */
    static Function<List<JsonNode>, Object> sumBy(String key, String field) {
        return rows -> {
            Map<String, Long> sums = new TreeMap<>();
            for (JsonNode row : rows)
                sums.merge(row.path(key).asText(), row.path(field).asLong(), Long::sum);
            return sums;
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
