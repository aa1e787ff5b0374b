package dev.flinkrecipes.transactions;

import dev.flinkrecipes.core.serde.Money;
import dev.flinkrecipes.core.windows.WindowRow;
import dev.flinkrecipes.core.windows.WindowRows;

/**
 * A transaction-analytics row: one location's transactions in one 5-minute window (sliding every
 * minute).
 */
public class LocationStats extends WindowRow {
    public String location;
    public long transactionCount;
    public double totalAmount;
    public double avgAmount;
    public double maxAmount;

    public LocationStats() {}

    /** Adds the window's bounds and key to its stats. */
    public static final class Emit extends WindowRows<AmountStats, LocationStats, String> {
        @Override
        protected LocationStats row(String location, AmountStats s) {
            LocationStats row = new LocationStats();
            row.location = location;
            row.transactionCount = s.count;
            row.totalAmount = Money.cents(s.sum);
            row.avgAmount = Money.cents(s.average());
            row.maxAmount = s.max;
            return row;
        }
    }
}
