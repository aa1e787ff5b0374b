package dev.flinkrecipes.commerce;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;
import dev.flinkrecipes.core.serde.Money;

/** A user-totals upsert: one user's running totals, the latest value for the key {@code user_id}. */
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

    UserTotals snapshot() {
        UserTotals out = new UserTotals(userId);
        out.totalEvents = totalEvents;
        out.purchases = purchases;
        out.totalSpent = Money.cents(totalSpent);
        out.lastActivity = lastActivity;
        return out;
    }
}
