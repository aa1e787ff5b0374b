package dev.flinkrecipes.bench;

import dev.flinkrecipes.commerce.CommerceEvent;
import dev.flinkrecipes.commerce.CommerceEventGenerator;
import dev.flinkrecipes.core.io.JsonEventGenerator;
import java.util.SplittableRandom;

/**
 * The e-commerce events of {@link CommerceEventGenerator} over {@code users} distinct users instead
 * of the document's 100: every run of {@code users} consecutive events names each user once, in a
 * scrambled order (event i is user (i * STRIDE) mod users, a bijection because STRIDE is a prime
 * larger than the user count), so a prefix of n events holds min(n, users) distinct users.
 */
final class ScaleUsersGenerator extends JsonEventGenerator<CommerceEvent> {
    private static final long serialVersionUID = 1L;

    /** A prime larger than any user count here: (i * STRIDE) mod users walks every user. */
    static final long STRIDE = 2_147_483_647L;

    private final long users;
    private final long window;
    private final long eventsPerNewUser;
    private final CommerceEventGenerator events;

    private ScaleUsersGenerator(
            long users,
            long window,
            long eventsPerNewUser,
            long seed,
            long startMillis,
            double eventsPerSecond) {
        super(seed, startMillis, eventsPerSecond);
        this.users = users;
        this.window = window;
        this.eventsPerNewUser = eventsPerNewUser;
        this.events = new CommerceEventGenerator(seed, startMillis, eventsPerSecond);
    }

    static ScaleUsersGenerator distinct(long users, long seed, long start, double eventsPerSecond) {
        if (users < 1 || users >= STRIDE) throw new IllegalArgumentException("users: 1.." + STRIDE);
        return new ScaleUsersGenerator(users, 0, 0, seed, start, eventsPerSecond);
    }

    static ScaleUsersGenerator churning(
            long window, long eventsPerNewUser, long seed, long start, double eventsPerSecond) {
        return new ScaleUsersGenerator(0, window, eventsPerNewUser, seed, start, eventsPerSecond);
    }

    @Override
    protected CommerceEvent event(long index, SplittableRandom random, long timestamp) {
        CommerceEvent e = events.event(index);
        e.userId =
                "user_"
                        + (window == 0
                                ? userOf(index)
                                : index / eventsPerNewUser
                                        // a stream of its own: the event's stream draws its fields
                                        + new SplittableRandom(~index).nextLong(window));
        return e;
    }

    long userOf(long index) {
        return (index % users) * (STRIDE % users) % users;
    }

    @Override
    protected String keyOf(CommerceEvent e) {
        return e.userId;
    }
}
