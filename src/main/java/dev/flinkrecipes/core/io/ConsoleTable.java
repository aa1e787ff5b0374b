package dev.flinkrecipes.core.io;

import java.util.Arrays;
import java.util.List;

/**
 * A batch of rows as Spark's console sink prints it: the {@code Batch: N} header, then the table of
 * {@code df.show()} with its defaults: at most {@code numRows} rows, cells longer than 20
 * characters cut to 17 and {@code ...}, every cell right-aligned, columns at least 3 wide, and
 * {@code only showing top N rows} when the batch has more.
 */
public final class ConsoleTable {
    /** Spark's {@code show()} cuts cells to this many characters. */
    public static final int TRUNCATE = 20;

    private static final int MIN_WIDTH = 3;
    private static final String RULE = "-------------------------------------------";

    private ConsoleTable() {}

    /**
     * Spark's console sink output for one batch, a blank line after the table as {@code
     * println(showString)} leaves.
     */
    public static String batch(
            long batchId, List<String> columns, List<List<String>> rows, int numRows) {
        return RULE
                + "\nBatch: "
                + batchId
                + "\n"
                + RULE
                + "\n"
                + show(columns, rows, numRows)
                + "\n";
    }

    /** {@code df.show(numRows)}: {@code rows} are the cells' text, {@code "null"} for a null. */
    public static String show(List<String> columns, List<List<String>> rows, int numRows) {
        if (numRows < 1)
            throw new IllegalArgumentException("--show-rows must be 1 or more, got " + numRows);
        List<List<String>> shown = rows.subList(0, Math.min(numRows, rows.size()));
        int[] width = new int[columns.size()];
        Arrays.fill(width, MIN_WIDTH);
        for (int c = 0; c < width.length; c++)
            width[c] = Math.max(width[c], truncate(columns.get(c)).length());
        for (List<String> row : shown) {
            for (int c = 0; c < width.length; c++)
                width[c] = Math.max(width[c], truncate(row.get(c)).length());
        }
        StringBuilder sb = new StringBuilder();
        StringBuilder sep = new StringBuilder("+");
        for (int w : width) sep.append("-".repeat(w)).append('+');
        sep.append('\n');
        sb.append(sep);
        line(sb, columns, width);
        sb.append(sep);
        for (List<String> row : shown) line(sb, row, width);
        sb.append(sep);
        if (rows.size() > numRows)
            sb.append("only showing top ")
                    .append(numRows)
                    .append(numRows == 1 ? " row\n" : " rows\n");
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        sb.append('|');
        for (int c = 0; c < width.length; c++) {
            String text = truncate(cells.get(c));
            sb.append(" ".repeat(width[c] - text.length())).append(text).append('|');
        }
        sb.append('\n');
    }

    static String truncate(String cell) {
        return cell.length() > TRUNCATE ? cell.substring(0, TRUNCATE - 3) + "..." : cell;
    }
}
