package dev.flinkrecipes.recommendations;

import dev.flinkrecipes.core.io.JsonEventGenerator;
import java.util.SplittableRandom;

/**
 * Actions of user_1..user_50 on item_1..item_40 (view 60%, click 30%, purchase 10%). Items come in
 * five groups of eight and each user mostly (80%) acts within one group, so co-purchases have a
 * structure for the recommendations to find. Keyed by user_id.
 */
public final class UserActionGenerator extends JsonEventGenerator<UserAction> {
    private static final long serialVersionUID = 1L;

    public UserActionGenerator(long seed, long startMillis, double eventsPerSecond) {
        super(seed, startMillis, eventsPerSecond);
    }

    @Override
    protected UserAction event(long index, SplittableRandom r, long timestamp) {
        int user = 1 + r.nextInt(50);
        int group = r.nextDouble() < 0.8 ? user % 5 : r.nextInt(5);
        int item = 1 + group * 8 + r.nextInt(8);
        double p = r.nextDouble();
        String action = p < 0.6 ? "view" : p < 0.9 ? "click" : "purchase";
        return new UserAction("user_" + user, action, "item_" + item, timestamp);
    }

    @Override
    protected String keyOf(UserAction a) {
        return a.userId;
    }
}
