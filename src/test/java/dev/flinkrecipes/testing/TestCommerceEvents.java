package dev.flinkrecipes.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * E-commerce events for tests, made and written as JSON here, so expectations never reuse the code
 * under test.
 */
public final class TestCommerceEvents {
    public static final String[] TYPES = {"view", "add_to_cart", "purchase", "remove"};
    public static final String[] PRODUCTS = {
        "Laptop", "Mouse", "Keyboard", "Monitor", "Headphones"
    };

    /** An event as the test knows it: price in cents, so sums are exact. */
    public record Ev(
            String id,
            long ts,
            String user,
            String type,
            String product,
            long priceCents,
            int quantity) {
        public long revenueCents() {
            return priceCents * quantity;
        }

        public boolean purchase() {
            return type.equals("purchase");
        }

        public String json() {
            return String.format(
                    Locale.ROOT,
                    "{\"event_id\":\"%s\",\"timestamp\":\"%s\",\"user_id\":\"%s\",\"event_type\":\"%s\",\"product_id\":\"prod_1\","
                        + "\"product_name\":\"%s\",\"category\":\"Electronics\",\"price\":%d.%02d,\"quantity\":%d}",
                    id,
                    Instant.ofEpochMilli(ts),
                    user,
                    type,
                    product,
                    priceCents / 100,
                    priceCents % 100,
                    quantity);
        }
    }

    private TestCommerceEvents() {}

    /**
     * {@code n} events {@code stepMillis} apart, up to {@code jitterMillis} out of order, over
     * {@code users} users.
     */
    public static List<Ev> random(
            long seed, int n, long start, long stepMillis, long jitterMillis, int users) {
        Random r = new Random(seed);
        List<Ev> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long ts =
                    start
                            + i * stepMillis
                            + (jitterMillis > 0 ? (long) (r.nextDouble() * jitterMillis) : 0);
            out.add(
                    new Ev(
                            "e" + i,
                            ts,
                            "user_" + (1 + r.nextInt(users)),
                            TYPES[r.nextInt(4)],
                            PRODUCTS[r.nextInt(5)],
                            1000 + r.nextInt(199_000),
                            1 + r.nextInt(4)));
        }
        return out;
    }
}
