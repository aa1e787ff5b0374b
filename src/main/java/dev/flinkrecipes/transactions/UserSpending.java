package dev.flinkrecipes.transactions;

import dev.flinkrecipes.core.serde.Money;
import dev.flinkrecipes.core.windows.WindowRow;
import dev.flinkrecipes.core.windows.WindowRows;

/** A user-spending row: one user's transactions in one 10-minute tumbling window. */
public class UserSpending extends WindowRow {
    public String userId;
    public long transactionCount;
    public double totalSpent;

    public UserSpending() {}

    /** Adds the window's bounds and key to its stats. */
    public static final class Emit extends WindowRows<AmountStats, UserSpending, String> {
        @Override
        protected UserSpending row(String userId, AmountStats s) {
            UserSpending row = new UserSpending();
            row.userId = userId;
            row.transactionCount = s.count;
            row.totalSpent = Money.cents(s.sum);
            return row;
        }
    }
}
