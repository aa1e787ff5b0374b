package dev.flinkrecipes.transactions;

import dev.flinkrecipes.core.StreamJob;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.time.Duration;

/** How every transactions job reads its input: parsed, validated, bad records to the DLQ. */
public final class TransactionsInput {
    private TransactionsInput() {}

    public static DataStream<Transaction> read(StreamJob job) {
        return job.read(new TransactionParser(), Transaction.class, TransactionGenerator::new);
    }

    /** Read with event time from {@code timestamp} and the given watermark delay. */
    public static DataStream<Transaction> readWithEventTime(StreamJob job, Duration watermarkDelay) {
        return job.withEventTime(read(job), (t, previous) -> t.timestamp, watermarkDelay);
    }
}
