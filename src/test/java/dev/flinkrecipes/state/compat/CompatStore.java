package dev.flinkrecipes.state.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.state.compat.CompatCase.CompatInput;
import dev.flinkrecipes.testing.JsonlFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The committed savepoints of a case, one folder per release that made them:
 *
 * <pre>
 * savepoints/compat/&lt;case&gt;/&lt;release&gt;/
 *   savepoint/_metadata              stop-with-savepoint, canonical format, heap state backend
 *   input/&lt;input&gt;.before.jsonl     the events read before the savepoint
 *   input/&lt;input&gt;.after.jsonl      the rest, for the restored job
 *   results-before.jsonl             the results the job had committed when it stopped
 *   command.txt                      the job's command line (for people)
 * </pre>
 */
final class CompatStore {
    static final Path ROOT = Path.of("savepoints", "compat").toAbsolutePath();

    private CompatStore() {}

    static Path of(CompatCase compat, String release) {
        return ROOT.resolve(compat.name()).resolve(release);
    }

    /** The releases that left a savepoint of this case, oldest name first. */
    static List<String> releases(CompatCase compat) throws IOException {
        Path folder = ROOT.resolve(compat.name());
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> releases = Files.list(folder)) {
            return releases.filter(r -> Files.exists(r.resolve("savepoint/_metadata")))
                    .map(r -> r.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    static Path input(Path release, CompatInput in, String part) {
        return release.resolve("input").resolve(in.name() + "." + part + ".jsonl");
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file);
    }

    static Path resultsBefore(Path release) {
        return release.resolve("results-before.jsonl");
    }

    static List<JsonNode> rows(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) rows.add(JsonlFiles.parse(line));
        }
        return rows;
    }
}
