package dev.flinkrecipes.transactions;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;

/**
 * A card transaction from the {@code transactions} topic, keyed by {@code user_id}. A Flink POJO:
 * public fields and a no-argument constructor, so Flink serializes it without Kryo.
 */
public class Transaction {
    public String transactionId;
    public String userId;
    public double amount;
    public String merchant;
    public String category;

    /** Event time, epoch milliseconds; ISO-8601 in JSON. */
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long timestamp;

    public String location;

    public Transaction() {}

    public Transaction(
            String transactionId,
            String userId,
            double amount,
            String merchant,
            String category,
            long timestamp,
            String location) {
        this.transactionId = transactionId;
        this.userId = userId;
        this.amount = amount;
        this.merchant = merchant;
        this.category = category;
        this.timestamp = timestamp;
        this.location = location;
    }

    /** For the alert types, which carry every field of the transaction they flag. */
    protected Transaction(Transaction t) {
        this(t.transactionId, t.userId, t.amount, t.merchant, t.category, t.timestamp, t.location);
    }

    @Override
    public String toString() {
        return "Transaction{"
                + transactionId
                + ", "
                + userId
                + ", "
                + amount
                + ", "
                + merchant
                + ", "
                + category
                + ", "
                + java.time.Instant.ofEpochMilli(timestamp)
                + ", "
                + location
                + "}";
    }
}
