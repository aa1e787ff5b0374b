package dev.flinkrecipes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Writes a job's JSON-lines input and reads back what its file sink committed. */
public final class JsonlFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonlFiles() {}

    public static Path write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** Every line of every committed part file under {@code folder} (in-progress files are hidden: '.'). */
    public static List<JsonNode> readCommitted(Path folder) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        if (!Files.isDirectory(folder)) return rows;
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) rows.add(parse(line));
                }
            }
        }
        return rows;
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }
}
