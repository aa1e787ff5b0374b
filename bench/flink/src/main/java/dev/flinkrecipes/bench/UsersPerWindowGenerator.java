package dev.flinkrecipes.bench;

import dev.flinkrecipes.core.io.JsonEventGenerator;
import dev.flinkrecipes.transactions.Transaction;
import dev.flinkrecipes.transactions.TransactionGenerator;
import java.util.SplittableRandom;

/**
 * Transactions with exactly {@code usersPerWindow} distinct users in every 5-minute window of
 * category-analytics: window w holds events w * U .. (w + 1) * U - 1, evenly spread over its 5
 * minutes (integer arithmetic, so no event slips into the next window), each naming one of the U
 * users once, in a scrambled order ({@link ScaleUsersGenerator#userOf}). Amount, merchant, category
 * and location are {@link TransactionGenerator}'s: 4 categories x 4 locations, so each of the 16
 * (category, location) keys sees about U / 16 distinct users per window.
 */
final class UsersPerWindowGenerator extends JsonEventGenerator<Transaction> {
    private static final long serialVersionUID = 1L;

    /** category-analytics' tumbling window. */
    static final long WINDOW_MILLIS = 5 * 60_000;

    private final long startMillis;
    private final long usersPerWindow;
    private final ScaleUsersGenerator users;
    private final TransactionGenerator transactions;

    UsersPerWindowGenerator(long usersPerWindow, long seed, long startMillis) {
        // The event rate only matters to the base class's own timestamps, replaced here.
        super(seed, startMillis, usersPerWindow * 1000.0 / WINDOW_MILLIS);
        this.startMillis = startMillis;
        this.usersPerWindow = usersPerWindow;
        this.users = ScaleUsersGenerator.distinct(usersPerWindow, seed, startMillis, 1);
        this.transactions = new TransactionGenerator(seed, startMillis, 1);
    }

    @Override
    protected Transaction event(long index, SplittableRandom random, long timestamp) {
        Transaction t = transactions.event(index);
        t.userId = "user_" + users.userOf(index);
        t.timestamp =
                startMillis
                        + index / usersPerWindow * WINDOW_MILLIS
                        + index % usersPerWindow * WINDOW_MILLIS / usersPerWindow;
        return t;
    }

    @Override
    protected String keyOf(Transaction t) {
        return t.userId;
    }
}
