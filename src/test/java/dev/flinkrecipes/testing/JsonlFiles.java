package dev.flinkrecipes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Writes a job's JSON-lines input and reads back what its file sink committed. */
public final class JsonlFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Flink's FileSink names a part file {@code <prefix>-<uuid>-<counter><suffix>}: one uuid per
     * writer (a subtask's bucket; a new one after a restore), the counter in the order that writer
     * rolled its files.
     */
    private static final Pattern PART_FILE =
            Pattern.compile(
                    ".*-(\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12})-(\\d+)(\\..*)?");

    /**
     * Folder (bucket), then writer, then the counter as a number: a writer's files in the order it
     * wrote them ({@code -10} after {@code -2}, which sorting the names as text gets wrong).
     */
    public static final Comparator<Path> PART_ORDER =
            Comparator.comparing((Path f) -> String.valueOf(f.getParent()))
                    .thenComparing(f -> part(f).group(1))
                    .thenComparingLong(f -> Long.parseLong(part(f).group(2)));

    private JsonlFiles() {}

    public static Path write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** Every line of every committed part file under {@code folder}, in {@link #PART_ORDER}. */
    public static List<JsonNode> readCommitted(Path folder) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (Path f : committedParts(folder)) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) rows.add(parse(line));
            }
        }
        return rows;
    }

    /**
     * The committed part files under {@code folder} and its buckets, in {@link #PART_ORDER}; none
     * if the sink has not created it yet. In-progress and pending files are hidden ('.') and
     * skipped by name, before anything looks at them: the sink renames them while a test polls. Any
     * other file fails the read.
     */
    public static List<Path> committedParts(Path folder) throws IOException {
        List<Path> parts = new ArrayList<>();
        if (Files.isDirectory(folder)) collectParts(folder, parts);
        parts.sort(PART_ORDER);
        return parts;
    }

    private static void collectParts(Path folder, List<Path> parts) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().startsWith(".")) continue;
                if (Files.isDirectory(entry)) {
                    collectParts(entry, parts);
                } else {
                    part(entry);
                    parts.add(entry);
                }
            }
        }
    }

    private static Matcher part(Path file) {
        Matcher m = PART_FILE.matcher(file.getFileName().toString());
        if (!m.matches())
            throw new IllegalStateException("not a committed FileSink part file: " + file);
        return m;
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }
}
