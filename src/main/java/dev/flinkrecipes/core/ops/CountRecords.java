package dev.flinkrecipes.core.ops;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Passes records through and counts them in a named metric (late records, alerts emitted...), and
 * in an accumulator when given one: metrics are for watching a running job, accumulators come back
 * exact with the result of a finished one (the run summary).
 */
public final class CountRecords<T> extends RichMapFunction<T, T> {
    private final String metric;
    private final String accumulator;
    private transient Counter counter;
    private transient LongCounter total;

    public CountRecords(String metric) {
        this(metric, null);
    }

    public CountRecords(String metric, String accumulator) {
        this.metric = metric;
        this.accumulator = accumulator;
    }

    @Override
    public void open(OpenContext context) {
        counter = getRuntimeContext().getMetricGroup().counter(metric);
        // Shared with another counter of the same name in this task (a second input's late
        // records), not a clash.
        total =
                accumulator == null
                        ? new LongCounter()
                        : getRuntimeContext().getLongCounter(accumulator);
    }

    @Override
    public T map(T value) {
        counter.inc();
        total.add(1);
        return value;
    }
}
