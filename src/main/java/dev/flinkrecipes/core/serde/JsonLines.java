package dev.flinkrecipes.core.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Writes records as JSON: a Kafka value, or one line of a JSON-lines file. */
public final class JsonLines<T> implements SerializationSchema<T>, Encoder<T> {
    private static final long serialVersionUID = 1L;
    private transient ObjectMapper mapper;

    private ObjectMapper mapper() {
        if (mapper == null) mapper = Json.newMapper();
        return mapper;
    }

    @Override
    public byte[] serialize(T element) {
        try {
            return mapper().writeValueAsBytes(element);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write " + element.getClass().getSimpleName() + " as JSON", e);
        }
    }

    @Override
    public void encode(T element, OutputStream stream) throws IOException {
        stream.write(serialize(element));
        stream.write('\n');
    }
}
