package dev.flinkrecipes.core.io;

import java.io.Serializable;
import java.time.Duration;

/**
 * A domain's seeded event generator: event number {@code index} as one line of JSON. The same seed,
 * start time and spacing give the same events, whatever the parallelism, so runs are reproducible.
 */
public interface EventGenerator extends Serializable {
    String line(long index);

    /** The Kafka key of event {@code index} (e.g. its user id); none by default. */
    default String key(long index) {
        return null;
    }

    /**
     * Makes a generator for a seed, the first event's time and the event-time rate (events per
     * second).
     */
    @FunctionalInterface
    interface Factory extends Serializable {
        EventGenerator create(long seed, long startMillis, double eventsPerSecond);
    }

    /**
     * Events per second of event time: one per {@code spacing} when given (event time may run
     * faster or slower than the clock), else the wall-clock rate (event time = real time).
     */
    static double eventTimeRate(Duration spacing, double wallClockRate) {
        if (spacing != null && !spacing.isZero()) return 1000.0 / spacing.toMillis();
        return wallClockRate > 0 ? wallClockRate : 1000;
    }
}
