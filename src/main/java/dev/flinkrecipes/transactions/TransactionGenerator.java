package dev.flinkrecipes.transactions;

import dev.flinkrecipes.core.io.JsonEventGenerator;
import java.util.SplittableRandom;

/**
 * The document's {@code generate_transactions}: user_1..user_100, amount uniform 10..5000 with 2
 * decimals, one of four merchants, categories and locations, keyed by user_id.
 */
public final class TransactionGenerator extends JsonEventGenerator<Transaction> {
    private static final long serialVersionUID = 1L;

    static final String[] MERCHANTS = {"Amazon", "Walmart", "Target", "Costco"};
    static final String[] CATEGORIES = {"Electronics", "Groceries", "Clothing", "Gas"};
    static final String[] LOCATIONS = {"Madrid", "Barcelona", "Valencia", "Sevilla"};

    public TransactionGenerator(long seed, long startMillis, double eventsPerSecond) {
        super(seed, startMillis, eventsPerSecond);
    }

    @Override
    protected Transaction event(long index, SplittableRandom r, long timestamp) {
        double amount = Math.round((10 + r.nextDouble() * 4990) * 100) / 100.0;
        return new Transaction(
                "txn_" + index,
                "user_" + (1 + r.nextInt(100)),
                amount,
                MERCHANTS[r.nextInt(MERCHANTS.length)],
                CATEGORIES[r.nextInt(CATEGORIES.length)],
                timestamp,
                LOCATIONS[r.nextInt(LOCATIONS.length)]);
    }

    @Override
    protected String keyOf(Transaction t) {
        return t.userId;
    }
}
