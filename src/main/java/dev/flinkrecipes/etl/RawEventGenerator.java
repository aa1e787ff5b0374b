package dev.flinkrecipes.etl;

import dev.flinkrecipes.core.io.JsonEventGenerator;
import java.util.SplittableRandom;

/**
 * Raw events (page_view, click, signup, purchase with a value); 5% have no user_id, for the ETL's
 * filter.
 */
public final class RawEventGenerator extends JsonEventGenerator<RawEvent> {
    private static final long serialVersionUID = 1L;
    static final String[] TYPES = {"page_view", "page_view", "click", "signup", "purchase"};

    public RawEventGenerator(long seed, long startMillis, double eventsPerSecond) {
        super(seed, startMillis, eventsPerSecond);
    }

    @Override
    protected RawEvent event(long index, SplittableRandom r, long timestamp) {
        String type = TYPES[r.nextInt(TYPES.length)];
        String user = r.nextDouble() < 0.05 ? null : "user_" + (1 + r.nextInt(100));
        Double value = type.equals("purchase") ? Math.round(r.nextDouble() * 50000) / 100.0 : null;
        return new RawEvent("ev_" + index, user, type, timestamp, value);
    }

    @Override
    protected String keyOf(RawEvent e) {
        return e.userId;
    }
}
