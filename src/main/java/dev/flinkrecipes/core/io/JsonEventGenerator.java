package dev.flinkrecipes.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.core.serde.Json;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * A generator of records written as the project's JSON (see {@link SeededGenerator} for how events
 * are drawn and timed).
 */
public abstract class JsonEventGenerator<T> extends SeededGenerator {
    private static final long serialVersionUID = 1L;

    private transient ObjectMapper json;

    protected JsonEventGenerator(long seed, long startMillis, double eventsPerSecond) {
        super(seed, startMillis, eventsPerSecond);
    }

    /** Event number {@code index}, drawn from {@code random}. */
    protected abstract T event(long index, SplittableRandom random, long timestamp);

    /** The event's Kafka key, or null. */
    protected abstract String keyOf(T event);

    public final T event(long index) {
        return event(index, random(index), timestamp(index));
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
