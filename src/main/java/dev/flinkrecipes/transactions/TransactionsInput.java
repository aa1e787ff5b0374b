package dev.flinkrecipes.transactions;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.transactions.TransactionParser.Field;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Transactions parsed, validated, bad records to the DLQ, in one call: {@code
 * job.parse(job.fromSource(TransactionGenerator::new), TransactionParser.requiring(required),
 * Transaction.class)}, as the jobs write it. Each job names the fields it uses; a record without
 * one of them is a dead letter naming it, any other field may be absent. For the test and benchmark
 * jobs in src/test.
 */
public final class TransactionsInput {
    private TransactionsInput() {}

    public static DataStream<Transaction> read(StreamJob job, Field... required) {
        return job.read(
                TransactionParser.requiring(required),
                Transaction.class,
                TransactionGenerator::new);
    }
}
