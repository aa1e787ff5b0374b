package dev.flinkrecipes.core.windows;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Makes a window's row from its key and its one accumulator (the windows aggregate incrementally);
 * the window's bounds are set here, for every job.
 */
public abstract class WindowRows<ACC, R extends WindowRow, K>
        extends ProcessWindowFunction<ACC, R, K, TimeWindow> {
    private static final long serialVersionUID = 1L;

    protected abstract R row(K key, ACC acc);

    @Override
    public final void process(K key, Context ctx, Iterable<ACC> accumulators, Collector<R> out) {
        R row = row(key, accumulators.iterator().next());
        row.windowStart = ctx.window().getStart();
        row.windowEnd = ctx.window().getEnd();
        out.collect(row);
    }
}
