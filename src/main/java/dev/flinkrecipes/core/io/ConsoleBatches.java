package dev.flinkrecipes.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;

/**
 * What a "batch" of the console ({@code --sink print}) is for a job, and how its rows are ordered.
 *
 * <ul>
 *   <li>{@link #perCheckpoint()}: the rows committed by one checkpoint (a window job's results,
 *       alerts...), the console's counterpart of a Spark micro-batch committed exactly once;
 *   <li>{@link #perTrigger(String)}: the rows of one trigger of a Spark-style output mode, which
 *       carry the trigger time in a field (complete mode: the whole table at that trigger).
 * </ul>
 */
public final class ConsoleBatches implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * A sort key: a field of the rows' JSON, numbers by value, text by its characters, nulls last.
     */
    public record Order(String field, boolean descending) implements Serializable {}

    final String triggerField;
    final List<Order> order;

    private ConsoleBatches(String triggerField, List<Order> order) {
        this.triggerField = triggerField;
        this.order = order;
    }

    public static ConsoleBatches perCheckpoint() {
        return new ConsoleBatches(null, List.of());
    }

    /**
     * Rows grouped by the trigger time in {@code field}; the table leaves that column out, it is
     * the batch.
     */
    public static ConsoleBatches perTrigger(String field) {
        return new ConsoleBatches(field, List.of());
    }

    /** Each batch sorted, as Spark's examples {@code orderBy} a complete-mode table. */
    public ConsoleBatches sortedBy(Order... keys) {
        return new ConsoleBatches(triggerField, List.of(keys));
    }

    public static Order desc(String field) {
        return new Order(field, true);
    }

    public static Order asc(String field) {
        return new Order(field, false);
    }

    Comparator<JsonNode> comparator() {
        Comparator<JsonNode> all = (a, b) -> 0;
        for (Order o : order) {
            Comparator<JsonNode> one =
                    (a, b) -> compare(a.get(o.field), b.get(o.field), o.descending);
            all = all.thenComparing(one);
        }
        return all;
    }

    private static int compare(JsonNode a, JsonNode b, boolean descending) {
        boolean aNull = a == null || a.isNull();
        boolean bNull = b == null || b.isNull();
        if (aNull || bNull) return Boolean.compare(aNull, bNull); // nulls last either way
        int c =
                a.isNumber() && b.isNumber()
                        ? Double.compare(a.asDouble(), b.asDouble())
                        : a.asText().compareTo(b.asText());
        return descending ? -c : c;
    }
}
