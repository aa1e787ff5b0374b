package dev.flinkrecipes.core.ops;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * An incremental aggregate whose accumulator is its result (a window function or table then makes
 * the row from it).
 */
public abstract class Accumulate<IN, ACC> implements AggregateFunction<IN, ACC, ACC> {
    private static final long serialVersionUID = 1L;

    @Override
    public final ACC getResult(ACC accumulator) {
        return accumulator;
    }
}
