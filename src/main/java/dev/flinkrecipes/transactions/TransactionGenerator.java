package dev.flinkrecipes.transactions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.core.serde.Json;

import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * The document's {@code generate_transactions}: user_1..user_100, amount uniform 10..5000 with 2
 * decimals, one of four merchants, categories and locations. Event {@code i} depends only on the seed
 * and {@code i}, and its time is {@code start + i / rate}: reruns give the same events.
 */
public final class TransactionGenerator implements EventGenerator {
    private static final long serialVersionUID = 1L;

    static final String[] MERCHANTS = {"Amazon", "Walmart", "Target", "Costco"};
    static final String[] CATEGORIES = {"Electronics", "Groceries", "Clothing", "Gas"};
    static final String[] LOCATIONS = {"Madrid", "Barcelona", "Valencia", "Sevilla"};

    private final long seed;
    private final long startMillis;
    private final double eventsPerSecond;
    private transient ObjectMapper json;

    public TransactionGenerator(long seed, long startMillis, double eventsPerSecond) {
        this.seed = seed;
        this.startMillis = startMillis;
        this.eventsPerSecond = eventsPerSecond;
    }

    public Transaction transaction(long index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        double amount = Math.round((10 + r.nextDouble() * 4990) * 100) / 100.0;
        return new Transaction(
                "txn_" + index,
                "user_" + (1 + r.nextInt(100)),
                amount,
                MERCHANTS[r.nextInt(MERCHANTS.length)],
                CATEGORIES[r.nextInt(CATEGORIES.length)],
                startMillis + (long) (index * 1000 / eventsPerSecond),
                LOCATIONS[r.nextInt(LOCATIONS.length)]);
    }

    @Override
    public String line(long index) {
        if (json == null) json = Json.newMapper();
        try {
            return json.writeValueAsString(transaction(index));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
