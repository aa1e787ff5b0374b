package dev.flinkrecipes.core.ops;

/**
 * Counts the records of a window: Spark's {@code .count()} after a {@code groupBy}. Merge agrees
 * with add exactly, as the paned window operators, which merge pane and partial counts in any
 * grouping, need.
 */
public final class Count<T> extends Accumulate<T, Long> {
    @Override
    public Long createAccumulator() {
        return 0L;
    }

    @Override
    public Long add(T value, Long count) {
        return count + 1;
    }

    @Override
    public Long merge(Long a, Long b) {
        return a + b;
    }
}
