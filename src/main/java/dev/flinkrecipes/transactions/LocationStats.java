package dev.flinkrecipes.transactions;

import dev.flinkrecipes.core.serde.Money;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** B1's row: one location's transactions in one 5-minute window (sliding every minute). */
public class LocationStats {
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long windowStart;
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long windowEnd;
    public String location;
    public long transactionCount;
    public double totalAmount;
    public double avgAmount;
    public double maxAmount;

    public LocationStats() {}

    /** Adds the window's bounds and key to its stats. */
    public static final class Emit extends ProcessWindowFunction<AmountStats, LocationStats, String, TimeWindow> {
        @Override
        public void process(String location, Context ctx, Iterable<AmountStats> stats, Collector<LocationStats> out) {
            AmountStats s = stats.iterator().next();
            LocationStats row = new LocationStats();
            row.windowStart = ctx.window().getStart();
            row.windowEnd = ctx.window().getEnd();
            row.location = location;
            row.transactionCount = s.count;
            row.totalAmount = Money.cents(s.sum);
            row.avgAmount = Money.cents(s.average());
            row.maxAmount = s.max;
            out.collect(row);
        }
    }
}
