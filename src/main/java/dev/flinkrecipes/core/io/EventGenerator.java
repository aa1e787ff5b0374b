package dev.flinkrecipes.core.io;

import java.io.Serializable;

/**
 * A domain's seeded event generator: event number {@code index} as one line of JSON. The same seed,
 * start time and rate give the same events, whatever the parallelism, so runs are reproducible.
 */
@FunctionalInterface
public interface EventGenerator extends Serializable {
    String line(long index);

    /** Makes a generator for a seed, the first event's time and the spacing between events. */
    @FunctionalInterface
    interface Factory extends Serializable {
        EventGenerator create(long seed, long startMillis, double eventsPerSecond);
    }
}
