package dev.flinkrecipes.core.ops;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** Passes records through and counts them in a named metric (late records, alerts emitted...). */
public final class CountRecords<T> extends RichMapFunction<T, T> {
    private final String metric;
    private transient Counter counter;

    public CountRecords(String metric) {
        this.metric = metric;
    }

    @Override
    public void open(OpenContext context) {
        counter = getRuntimeContext().getMetricGroup().counter(metric);
    }

    @Override
    public T map(T value) {
        counter.inc();
        return value;
    }
}
