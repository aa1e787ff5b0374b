package dev.flinkrecipes.commerce;

import dev.flinkrecipes.core.ops.Accumulate;
import dev.flinkrecipes.core.serde.Money;
import dev.flinkrecipes.core.windows.WindowRow;
import dev.flinkrecipes.core.windows.WindowRows;
import org.apache.flink.api.common.functions.FilterFunction;

/** A user-anomalies row: one user's activity in one 1-minute window, and why it is an anomaly. */
public class UserActivity extends WindowRow {
    static final long MAX_EVENTS_PER_MINUTE = 50;
    static final double MAX_SPEND_PER_MINUTE = 10000;

    public String userId;
    public long eventsPerMinute;

    /** price * quantity of the minute's purchases. */
    public double spendPerMinute;

    /**
     * high_event_rate (> 50 events), high_spend (> 10000), or both joined by '+'; null when normal.
     */
    public String anomaly;

    public UserActivity() {}

    /** Window state: events and purchase spend. */
    public static class Accumulator {
        public long events;
        public double spend;

        public Accumulator() {}
    }

    /**
     * Plugs into the paned window operators, which merge pane and partial accumulators in any
     * grouping: merge must agree with add. The event count does exactly; the double spend only up
     * to rounding (the tests allow 1e-12 relative, far below the cent the rows show). So the rule
     * reads the spend in cents, as the row shows it: a spend of exactly 10000.00 could otherwise
     * fall either side of the threshold with the order of additions.
     */
    public static final class Aggregate extends Accumulate<CommerceEvent, Accumulator> {
        @Override
        public Accumulator createAccumulator() {
            return new Accumulator();
        }

        @Override
        public Accumulator add(CommerceEvent e, Accumulator a) {
            a.events++;
            if (e.isPurchase()) a.spend += e.revenue();
            return a;
        }

        @Override
        public Accumulator merge(Accumulator a, Accumulator b) {
            a.events += b.events;
            a.spend += b.spend;
            return a;
        }
    }

    public static final class Emit extends WindowRows<Accumulator, UserActivity, String> {
        @Override
        protected UserActivity row(String user, Accumulator a) {
            UserActivity row = new UserActivity();
            row.userId = user;
            row.eventsPerMinute = a.events;
            row.spendPerMinute = Money.cents(a.spend);
            row.anomaly = anomaly(a.events, row.spendPerMinute);
            return row;
        }
    }

    /**
     * The document's rule: more than 50 events or more than 10000 spent in the minute (strictly).
     */
    static String anomaly(long events, double spend) {
        boolean busy = events > MAX_EVENTS_PER_MINUTE;
        boolean spender = spend > MAX_SPEND_PER_MINUTE;
        if (busy && spender) return "high_event_rate+high_spend";
        if (busy) return "high_event_rate";
        if (spender) return "high_spend";
        return null;
    }

    /** Keeps only the anomalous minutes. */
    public static final class IsAnomaly implements FilterFunction<UserActivity> {
        @Override
        public boolean filter(UserActivity a) {
            return a.anomaly != null;
        }
    }
}
