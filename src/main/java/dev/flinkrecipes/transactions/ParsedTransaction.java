package dev.flinkrecipes.transactions;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;

/**
 * A row of the documents' first pipeline: {@code select("user_key", "data.*", "kafka_timestamp")},
 * the Kafka key as text, the transaction in the documents' first schema, and the Kafka record's
 * timestamp. A Flink POJO.
 */
public class ParsedTransaction {
    /** The Kafka key as text; null for a record without one or not from Kafka. */
    public String userKey;

    public String userId;
    public double amount;
    public String location;

    /** Event time, epoch milliseconds; ISO-8601 in JSON. */
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long timestamp;

    /**
     * The Kafka record's timestamp, epoch milliseconds (ISO-8601 in JSON); null when it has none.
     */
    @JsonSerialize(using = IsoInstantSerializer.class)
    public Long kafkaTimestamp;

    public ParsedTransaction() {}

    public ParsedTransaction(String userKey, Transaction t, Long kafkaTimestamp) {
        this.userKey = userKey;
        this.userId = t.userId;
        this.amount = t.amount;
        this.location = t.location;
        this.timestamp = t.timestamp;
        this.kafkaTimestamp = kafkaTimestamp;
    }

    @Override
    public String toString() {
        return "ParsedTransaction{"
                + userKey
                + ", "
                + userId
                + ", "
                + amount
                + ", "
                + location
                + ", "
                + java.time.Instant.ofEpochMilli(timestamp)
                + ", "
                + (kafkaTimestamp == null ? null : java.time.Instant.ofEpochMilli(kafkaTimestamp))
                + "}";
    }
}
