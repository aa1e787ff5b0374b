package dev.flinkrecipes.core.ops;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Counts the records of a window: Spark's {@code .count()} after a {@code groupBy}. */
public final class Count<T> implements AggregateFunction<T, Long, Long> {
    @Override
    public Long createAccumulator() {
        return 0L;
    }

    @Override
    public Long add(T value, Long count) {
        return count + 1;
    }

    @Override
    public Long getResult(Long count) {
        return count;
    }

    @Override
    public Long merge(Long a, Long b) {
        return a + b;
    }
}
