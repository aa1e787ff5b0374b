package dev.flinkrecipes.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.MappingIterator;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.dataformat.csv.CsvMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads back what a file sink committed in each {@code --format}, every row as column -> text, so
 * that the rows of the JSON, CSV and Parquet outputs of a job compare equal when they hold the same
 * values: CSV with a CSV parser (its header checked), Parquet with parquet-hadoop's reader.
 */
public final class ResultFiles {
    private ResultFiles() {}

    /** Each JSON row as column -> text, in the JSON's field order. */
    public static List<Map<String, String>> jsonRows(Path results) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        for (JsonNode r : JsonlFiles.readCommitted(results)) {
            Map<String, String> row = new LinkedHashMap<>();
            r.fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue().asText()));
            rows.add(row);
        }
        return rows;
    }

    /** Every part file starts with the header line, the JSON's field names in the JSON's order. */
    public static List<Map<String, String>> csvRows(Path results, List<String> header)
            throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        List<Path> parts = JsonlFiles.committedParts(results);
        assertThat(parts)
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.getFileName().toString()).endsWith(".csv"));
        for (Path part : parts) {
            assertThat(Files.readAllLines(part, StandardCharsets.UTF_8).get(0))
                    .isEqualTo(String.join(",", header));
            try (MappingIterator<Map<String, String>> it =
                    new CsvMapper()
                            .readerFor(Map.class)
                            .with(CsvSchema.emptySchema().withHeader())
                            .readValues(part.toFile())) {
                it.forEachRemaining(rows::add);
            }
        }
        return rows;
    }

    /**
     * Read with parquet-hadoop's reader. A timestamp must be a Parquet timestamp (INT64,
     * milliseconds of UTC time): shown as the JSON shows it, so that an epoch number in its place
     * would not compare equal.
     */
    public static List<Map<String, String>> parquetRows(Path results, List<String> header)
            throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        List<Path> parts = JsonlFiles.committedParts(results);
        assertThat(parts)
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.getFileName().toString()).endsWith(".parquet"));
        for (Path part : parts) {
            try (ParquetReader<Group> reader =
                    ParquetReader.builder(
                                    new GroupReadSupport(),
                                    new org.apache.hadoop.fs.Path(part.toUri()))
                            .build()) {
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    if (header != null) {
                        assertThat(g.getType().getFields())
                                .extracting(Type::getName)
                                .containsExactlyElementsOf(header);
                    }
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 0; i < g.getType().getFieldCount(); i++) {
                        row.put(g.getType().getFieldName(i), text(g, i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static String text(Group g, int i) {
        if (g.getFieldRepetitionCount(i) == 0) return "null";
        PrimitiveType t = g.getType().getType(i).asPrimitiveType();
        return switch (t.getPrimitiveTypeName()) {
            case INT64 ->
                    t.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation ts
                                    && ts.getUnit() == LogicalTypeAnnotation.TimeUnit.MILLIS
                            ? Instant.ofEpochMilli(g.getLong(i, 0)).toString()
                            : String.valueOf(g.getLong(i, 0));
            case INT32 -> String.valueOf(g.getInteger(i, 0));
            case DOUBLE -> String.valueOf(g.getDouble(i, 0));
            case BOOLEAN -> String.valueOf(g.getBoolean(i, 0));
            default -> g.getString(i, 0);
        };
    }

    /** The columns of the JSON rows, in their order. */
    public static List<String> header(List<Map<String, String>> jsonRows) {
        return new ArrayList<>(jsonRows.get(0).keySet());
    }

    /**
     * The rows of {@code --format csv} or {@code parquet} part files under {@code results}, their
     * columns checked against {@code header} (for Parquet, {@code null}: any).
     */
    public static List<Map<String, String>> read(String format, Path results, List<String> header)
            throws IOException {
        return format.equals("csv") ? csvRows(results, header) : parquetRows(results, header);
    }
}
