package dev.flinkrecipes.commerce;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.ops.Accumulate;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;
import dev.flinkrecipes.core.serde.Money;

/**
 * A user-totals upsert: one user's running totals, the latest value for the key {@code user_id}.
 */
public class UserTotals {
    public String userId;
    public long totalEvents;
    public long purchases;

    /** price * quantity of purchases. */
    public double totalSpent;

    /** The latest event time seen (max timestamp, so late events do not move it back). */
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long lastActivity;

    public UserTotals() {}

    public UserTotals(String userId) {
        this.userId = userId;
    }

    void add(CommerceEvent e) {
        totalEvents++;
        if (e.isPurchase()) {
            purchases++;
            totalSpent += e.revenue();
        }
        lastActivity = Math.max(lastActivity, e.timestamp);
    }

    /**
     * The totals as an aggregate, for the triggered output modes ({@code TriggeredTable}); merge
     * adds counts and keeps the latest activity, so it is associative and agrees with add.
     */
    public static final class Aggregate extends Accumulate<CommerceEvent, UserTotals> {
        @Override
        public UserTotals createAccumulator() {
            return new UserTotals();
        }

        @Override
        public UserTotals add(CommerceEvent e, UserTotals totals) {
            totals.add(e);
            return totals;
        }

        @Override
        public UserTotals merge(UserTotals a, UserTotals b) {
            a.totalEvents += b.totalEvents;
            a.purchases += b.purchases;
            a.totalSpent += b.totalSpent;
            a.lastActivity = Math.max(a.lastActivity, b.lastActivity);
            return a;
        }
    }

    /** This user's row: the totals with the user id and the spend rounded to cents. */
    UserTotals snapshot(String user) {
        UserTotals out = snapshot();
        out.userId = user;
        return out;
    }

    UserTotals snapshot() {
        UserTotals out = new UserTotals(userId);
        out.totalEvents = totalEvents;
        out.purchases = purchases;
        out.totalSpent = Money.cents(totalSpent);
        out.lastActivity = lastActivity;
        return out;
    }
}
