package dev.flinkrecipes.core.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Writes records as JSON: a Kafka value, or the console's and tests' text (the file sink writes its
 * lines with {@link OutputJson#writeLine}). The project's mapping ({@link Json}), written by {@link
 * OutputJson}: the same bytes as Jackson databind, at a fraction of its cost.
 */
public final class JsonLines<T> implements SerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(T element) {
        try {
            return OutputJson.toBytes(element);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write " + element.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
