package dev.flinkrecipes.commerce;

import dev.flinkrecipes.core.io.JsonEventGenerator;
import java.util.SplittableRandom;

/**
 * The document's {@code generate_sample_data}: event_id evt_000000.., user_1..user_100, event_type
 * view 0.5 / add_to_cart 0.25 / purchase 0.15 / remove 0.1, prod_1..prod_50, five product names,
 * three categories, price uniform 10..2000 (2 decimals), quantity 1..4; keyed by user_id. At one
 * event per second of event time it is the document's "N records one second apart".
 */
public final class CommerceEventGenerator extends JsonEventGenerator<CommerceEvent> {
    private static final long serialVersionUID = 1L;

    static final String[] PRODUCT_NAMES = {"Laptop", "Mouse", "Keyboard", "Monitor", "Headphones"};
    static final String[] CATEGORIES = {"Electronics", "Accessories", "Computers"};

    public CommerceEventGenerator(long seed, long startMillis, double eventsPerSecond) {
        super(seed, startMillis, eventsPerSecond);
    }

    @Override
    protected CommerceEvent event(long index, SplittableRandom r, long timestamp) {
        double p = r.nextDouble();
        String type = p < 0.5 ? "view" : p < 0.75 ? "add_to_cart" : p < 0.9 ? "purchase" : "remove";
        return new CommerceEvent(
                String.format("evt_%06d", index),
                timestamp,
                "user_" + (1 + r.nextInt(100)),
                type,
                "prod_" + (1 + r.nextInt(50)),
                PRODUCT_NAMES[r.nextInt(PRODUCT_NAMES.length)],
                CATEGORIES[r.nextInt(CATEGORIES.length)],
                Math.round((10 + r.nextDouble() * 1990) * 100) / 100.0,
                1 + r.nextInt(4));
    }

    @Override
    protected String keyOf(CommerceEvent e) {
        return e.userId;
    }
}
