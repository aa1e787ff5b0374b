package dev.flinkrecipes.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Output rows gathered into a map by their key, where a key seen twice fails the test: a window
 * emitted twice, or a row written again after a restore, must not be hidden by the second row
 * overwriting the first.
 */
public final class UniqueRows {
    private UniqueRows() {}

    public static <V> Map<String, V> byKey(
            Collection<JsonNode> rows,
            Function<JsonNode, String> key,
            Function<JsonNode, V> value) {
        Map<String, JsonNode> seen = new TreeMap<>();
        Map<String, V> values = new TreeMap<>();
        for (JsonNode row : rows) {
            String k = key.apply(row);
            JsonNode previous = seen.put(k, row);
            if (previous != null)
                fail(
                        "row for %s written twice (of %d rows):%n  %s%n  %s",
                        k, rows.size(), previous, row);
            values.put(k, value.apply(row));
        }
        return values;
    }

    /**
     * Exactly once: each of {@code expected} has one row in {@code rows}, no key has two, and there
     * is nothing else ({@code what} names the rows in a failure).
     */
    public static <T, K> void assertExactlyOnce(
            Collection<T> rows, Function<T, K> key, Collection<K> expected, String what) {
        Map<K, Long> seen =
                rows.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
        assertThat(seen.entrySet())
                .as(what + " written more than once")
                .filteredOn(e -> e.getValue() > 1)
                .isEmpty();
        assertThat(seen.keySet())
                .as("every one of the " + what + ", nothing else")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The rows themselves by key, each key once. */
    public static Map<String, JsonNode> byKey(
            Collection<JsonNode> rows, Function<JsonNode, String> key) {
        return byKey(rows, key, Function.identity());
    }
}
