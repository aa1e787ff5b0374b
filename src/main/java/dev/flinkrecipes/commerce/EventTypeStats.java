package dev.flinkrecipes.commerce;

import dev.flinkrecipes.core.ops.Accumulate;
import dev.flinkrecipes.core.serde.Money;
import dev.flinkrecipes.core.windows.WindowRow;
import dev.flinkrecipes.core.windows.WindowRows;

/** An ecommerce-event-stats row: one event type in one 30-second window (sliding every 10 s). */
public class EventTypeStats extends WindowRow {
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

    /**
     * Plugs into the paned window operators, which merge pane and partial accumulators in any
     * grouping: merge must agree with add. The count does exactly; the double sums only up to
     * rounding (the tests allow 1e-12 relative, far below the cent the rows show).
     */
    public static final class Aggregate extends Accumulate<CommerceEvent, Accumulator> {
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
        public Accumulator merge(Accumulator a, Accumulator b) {
            a.count += b.count;
            a.revenue += b.revenue;
            a.priceSum += b.priceSum;
            return a;
        }
    }

    public static final class Emit extends WindowRows<Accumulator, EventTypeStats, String> {
        @Override
        protected EventTypeStats row(String type, Accumulator a) {
            EventTypeStats row = new EventTypeStats();
            row.eventType = type;
            row.eventCount = a.count;
            row.totalRevenue = Money.cents(a.revenue);
            row.avgPrice = Money.cents(a.priceSum / a.count);
            return row;
        }
    }
}
