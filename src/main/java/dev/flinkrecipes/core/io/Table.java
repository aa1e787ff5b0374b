package dev.flinkrecipes.core.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small result table, shown the way Spark's {@code df.show()} does and written as CSV and JSON
 * lines: the console sink of bounded reports and of complete-mode outputs.
 */
public final class Table {
    private final String title;
    private final List<String> columns;
    private final List<Object[]> rows = new ArrayList<>();

    public Table(String title, String... columns) {
        this.title = title;
        this.columns = List.of(columns);
    }

    public Table add(Object... row) {
        if (row.length != columns.size())
            throw new IllegalArgumentException("expected " + columns.size() + " values");
        rows.add(row);
        return this;
    }

    /**
     * As {@code df.show()} prints it: a bordered table, numbers right-aligned, doubles with 2
     * decimals.
     */
    public String render() {
        int[] width = new int[columns.size()];
        List<String[]> cells = new ArrayList<>();
        for (int c = 0; c < width.length; c++) width[c] = columns.get(c).length();
        for (Object[] row : rows) {
            String[] text = new String[row.length];
            for (int c = 0; c < row.length; c++) {
                text[c] = format(row[c]);
                width[c] = Math.max(width[c], text[c].length());
            }
            cells.add(text);
        }
        StringBuilder sb = new StringBuilder(title).append('\n');
        String line = border(width);
        sb.append(line).append(rowLine(columns.toArray(String[]::new), width, null)).append(line);
        for (int r = 0; r < cells.size(); r++) sb.append(rowLine(cells.get(r), width, rows.get(r)));
        return sb.append(line).toString();
    }

    public void writeCsv(Path file) throws IOException {
        try (BufferedWriter out = writer(file)) {
            out.write(String.join(",", columns));
            out.newLine();
            for (Object[] row : rows) {
                String[] text = new String[row.length];
                for (int c = 0; c < row.length; c++) text[c] = csv(row[c]);
                out.write(String.join(",", text));
                out.newLine();
            }
        }
    }

    public void writeJsonLines(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (BufferedWriter out = writer(file)) {
            for (Object[] row : rows) {
                Map<String, Object> object = new LinkedHashMap<>();
                for (int c = 0; c < row.length; c++) object.put(columns.get(c), row[c]);
                out.write(json.writeValueAsString(object));
                out.newLine();
            }
        }
    }

    private static BufferedWriter writer(Path file) throws IOException {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    private static String format(Object v) {
        if (v == null) return "null";
        if (v instanceof Double d) return String.format(Locale.ROOT, "%.2f", d);
        return v.toString();
    }

    private static String csv(Object v) {
        if (v == null) return "";
        String s = v.toString();
        return s.contains(",") || s.contains("\"") || s.contains("\n")
                ? '"' + s.replace("\"", "\"\"") + '"'
                : s;
    }

    private static String border(int[] width) {
        StringBuilder sb = new StringBuilder("+");
        for (int w : width) sb.append("-".repeat(w)).append('+');
        return sb.append('\n').toString();
    }

    private static String rowLine(String[] text, int[] width, Object[] values) {
        StringBuilder sb = new StringBuilder("|");
        for (int c = 0; c < text.length; c++) {
            boolean number = values != null && values[c] instanceof Number;
            String pad = " ".repeat(width[c] - text[c].length());
            sb.append(number ? pad + text[c] : text[c] + pad).append('|');
        }
        return sb.append('\n').toString();
    }

    @Override
    public String toString() {
        return title + " " + columns + " " + rows.stream().map(Arrays::toString).toList();
    }
}
