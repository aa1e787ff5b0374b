package dev.flinkrecipes.commerce;

import dev.flinkrecipes.core.serde.Money;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** A1's row: one event type in one 30-second window (sliding every 10 s). */
public class EventTypeStats {
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long windowStart;
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long windowEnd;
    public String eventType;
    public long eventCount;
    /** sum(price * quantity). */
    public double totalRevenue;
    public double avgPrice;

    public EventTypeStats() {}

    /** Window state: count, revenue and price sums. */
    public static class Accumulator {
        public long count;
        public double revenue;
        public double priceSum;

        public Accumulator() {}
    }

    public static final class Aggregate implements AggregateFunction<CommerceEvent, Accumulator, Accumulator> {
        @Override
        public Accumulator createAccumulator() {
            return new Accumulator();
        }

        @Override
        public Accumulator add(CommerceEvent e, Accumulator a) {
            a.count++;
            a.revenue += e.revenue();
            a.priceSum += e.price;
            return a;
        }

        @Override
        public Accumulator getResult(Accumulator a) {
            return a;
        }

        @Override
        public Accumulator merge(Accumulator a, Accumulator b) {
            a.count += b.count;
            a.revenue += b.revenue;
            a.priceSum += b.priceSum;
            return a;
        }
    }

    public static final class Emit extends ProcessWindowFunction<Accumulator, EventTypeStats, String, TimeWindow> {
        @Override
        public void process(String type, Context ctx, Iterable<Accumulator> accs, Collector<EventTypeStats> out) {
            Accumulator a = accs.iterator().next();
            EventTypeStats row = new EventTypeStats();
            row.windowStart = ctx.window().getStart();
            row.windowEnd = ctx.window().getEnd();
            row.eventType = type;
            row.eventCount = a.count;
            row.totalRevenue = Money.cents(a.revenue);
            row.avgPrice = Money.cents(a.priceSum / a.count);
            out.collect(row);
        }
    }
}
