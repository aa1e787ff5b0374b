package dev.flinkrecipes.weblogs;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** B9's row: the number of client or server errors in one minute. */
public class ErrorCount {
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long windowStart;
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long windowEnd;
    public String errorType;
    public long count;

    public ErrorCount() {}

    public static final class Emit extends ProcessWindowFunction<Long, ErrorCount, String, TimeWindow> {
        @Override
        public void process(String errorType, Context ctx, Iterable<Long> counts, Collector<ErrorCount> out) {
            ErrorCount row = new ErrorCount();
            row.windowStart = ctx.window().getStart();
            row.windowEnd = ctx.window().getEnd();
            row.errorType = errorType;
            row.count = counts.iterator().next();
            out.collect(row);
        }
    }
}
