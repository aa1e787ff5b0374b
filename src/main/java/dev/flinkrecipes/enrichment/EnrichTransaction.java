package dev.flinkrecipes.enrichment;

import dev.flinkrecipes.transactions.Transaction;
import org.apache.flink.streaming.api.functions.co.ProcessJoinFunction;
import org.apache.flink.util.Collector;

/** Each matching (transaction, update) pair, as Spark's inner stream-stream join emits it. */
public final class EnrichTransaction
        extends ProcessJoinFunction<Transaction, UserUpdate, EnrichedTransaction> {
    @Override
    public void processElement(
            Transaction t, UserUpdate u, Context ctx, Collector<EnrichedTransaction> out) {
        out.collect(new EnrichedTransaction(t, u));
    }
}
