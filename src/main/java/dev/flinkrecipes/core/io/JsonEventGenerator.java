package dev.flinkrecipes.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.core.serde.Json;

import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * The shape of every domain generator: event {@code i} is made from its own random stream (seed and
 * {@code i} only), at event time {@code start + i / rate}, and written as the project's JSON.
 */
public abstract class JsonEventGenerator<T> implements EventGenerator {
    private static final long serialVersionUID = 1L;

    private final long seed;
    private final long startMillis;
    private final double eventsPerSecond;
    private transient ObjectMapper json;

    protected JsonEventGenerator(long seed, long startMillis, double eventsPerSecond) {
        this.seed = seed;
        this.startMillis = startMillis;
        this.eventsPerSecond = eventsPerSecond;
    }

    /** Event number {@code index}, drawn from {@code random}. */
    protected abstract T event(long index, SplittableRandom random, long timestamp);

    /** The event's Kafka key, or null. */
    protected abstract String keyOf(T event);

    public final T event(long index) {
        return event(index, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index),
                startMillis + (long) (index * 1000 / eventsPerSecond));
    }

    @Override
    public final String key(long index) {
        return keyOf(event(index));
    }

    @Override
    public final String line(long index) {
        if (json == null) json = Json.newMapper();
        try {
            return json.writeValueAsString(event(index));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
