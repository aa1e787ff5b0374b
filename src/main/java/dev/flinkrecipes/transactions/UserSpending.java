package dev.flinkrecipes.transactions;

import dev.flinkrecipes.core.serde.Money;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** B5's row: one user's transactions in one 10-minute tumbling window. */
public class UserSpending {
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long windowStart;
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long windowEnd;
    public String userId;
    public long transactionCount;
    public double totalSpent;

    public UserSpending() {}

    /** Adds the window's bounds and key to its stats. */
    public static final class Emit extends ProcessWindowFunction<AmountStats, UserSpending, String, TimeWindow> {
        @Override
        public void process(String userId, Context ctx, Iterable<AmountStats> stats, Collector<UserSpending> out) {
            AmountStats s = stats.iterator().next();
            UserSpending row = new UserSpending();
            row.windowStart = ctx.window().getStart();
            row.windowEnd = ctx.window().getEnd();
            row.userId = userId;
            row.transactionCount = s.count;
            row.totalSpent = Money.cents(s.sum);
            out.collect(row);
        }
    }
}
