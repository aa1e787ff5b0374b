package dev.flinkrecipes.core.io;

import java.util.SplittableRandom;

/**
 * The base of every domain generator: event {@code i} draws from its own random stream (the seed
 * and {@code i} only, so any parallel instance makes the same event), at event time {@code start +
 * i / rate}.
 */
public abstract class SeededGenerator implements EventGenerator {
    private static final long serialVersionUID = 1L;

    private final long seed;
    private final long startMillis;
    private final double eventsPerSecond;

    protected SeededGenerator(long seed, long startMillis, double eventsPerSecond) {
        this.seed = seed;
        this.startMillis = startMillis;
        this.eventsPerSecond = eventsPerSecond;
    }

    protected final SplittableRandom random(long index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }

    protected final long timestamp(long index) {
        return startMillis + (long) (index * 1000 / eventsPerSecond);
    }
}
