package dev.flinkrecipes.transactions;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.transactions.TransactionParser.Field;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.time.Duration;

/**
 * How every transactions job reads its input: parsed, validated, bad records to the DLQ. Each job names the
 * fields it uses; a record without one of them is a dead letter naming it, any other field may be absent.
 */
public final class TransactionsInput {
    private TransactionsInput() {}

    public static DataStream<Transaction> read(StreamJob job, Field... required) {
        return job.read(TransactionParser.requiring(required), Transaction.class, TransactionGenerator::new);
    }

    /** Read with event time from {@code timestamp} (required, then) and the given watermark delay. */
    public static DataStream<Transaction> readWithEventTime(StreamJob job, Duration watermarkDelay, Field... required) {
        return job.withEventTime(read(job, withTimestamp(required)), (t, previous) -> t.timestamp, watermarkDelay);
    }

    private static Field[] withTimestamp(Field[] required) {
        for (Field f : required) if (f == Field.TIMESTAMP) return required;
        Field[] all = java.util.Arrays.copyOf(required, required.length + 1);
        all[required.length] = Field.TIMESTAMP;
        return all;
    }
}
