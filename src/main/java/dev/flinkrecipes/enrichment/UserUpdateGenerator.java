package dev.flinkrecipes.enrichment;

import dev.flinkrecipes.core.io.JsonEventGenerator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Profile updates of user_1..user_100 (the transactions' users): tier, country, newsletter; keyed
 * by user_id.
 */
public final class UserUpdateGenerator extends JsonEventGenerator<UserUpdate> {
    private static final long serialVersionUID = 1L;
    static final String[] TIERS = {"bronze", "silver", "gold", "platinum"};
    static final String[] COUNTRIES = {"ES", "PT", "FR", "IT"};

    public UserUpdateGenerator(long seed, long startMillis, double eventsPerSecond) {
        super(seed, startMillis, eventsPerSecond);
    }

    @Override
    protected UserUpdate event(long index, SplittableRandom r, long timestamp) {
        Map<String, String> profile = new LinkedHashMap<>();
        profile.put("tier", TIERS[r.nextInt(TIERS.length)]);
        profile.put("country", COUNTRIES[r.nextInt(COUNTRIES.length)]);
        profile.put("newsletter", String.valueOf(r.nextBoolean()));
        return new UserUpdate("user_" + (1 + r.nextInt(100)), timestamp, profile);
    }

    @Override
    protected String keyOf(UserUpdate u) {
        return u.userId;
    }
}
