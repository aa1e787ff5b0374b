package dev.flinkrecipes.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Transactions for tests, made here (not with the project's generator) and written as JSON by hand,
 * so expectations never reuse the code under test.
 */
public final class TestTransactions {
    public static final String[] CATEGORIES = {"Electronics", "Groceries", "Clothing", "Gas"};
    public static final String[] LOCATIONS = {"Madrid", "Barcelona", "Valencia", "Sevilla"};

    /** A transaction as the test knows it: amounts in cents, so sums are exact. */
    public record Txn(
            String id,
            String user,
            long cents,
            String merchant,
            String category,
            long ts,
            String location) {
        public double amount() {
            return cents / 100.0;
        }

        public String json() {
            return String.format(
                    Locale.ROOT,
                    "{\"transaction_id\":\"%s\",\"user_id\":\"%s\",\"amount\":%d.%02d,\"merchant\":\"%s\","
                        + "\"category\":\"%s\",\"timestamp\":\"%s\",\"location\":\"%s\"}",
                    id,
                    user,
                    cents / 100,
                    cents % 100,
                    merchant,
                    category,
                    Instant.ofEpochMilli(ts),
                    location);
        }
    }

    private TestTransactions() {}

    /**
     * {@code n} transactions about {@code stepMillis} apart from {@code start}, each up to {@code
     * jitterMillis} out of order, amounts 0.01..14999.99 so every rule branch is hit.
     */
    public static List<Txn> random(
            long seed, int n, long start, long stepMillis, long jitterMillis) {
        Random r = new Random(seed);
        List<Txn> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long cents = 1 + r.nextInt(1_499_999);
            long ts =
                    start
                            + i * stepMillis
                            + (jitterMillis > 0 ? (long) (r.nextDouble() * jitterMillis) : 0);
            out.add(
                    new Txn(
                            "t" + i,
                            "user_" + (1 + r.nextInt(20)),
                            cents,
                            "Amazon",
                            CATEGORIES[r.nextInt(4)],
                            ts,
                            LOCATIONS[r.nextInt(4)]));
        }
        return out;
    }
}
