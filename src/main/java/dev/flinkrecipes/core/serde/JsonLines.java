package dev.flinkrecipes.core.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
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

    /**
     * One write per line: the file sink's stream is not buffered, so each write is a system call
     * (two per record made the fraud alerts' output cost as much system CPU as the rest of the
     * job).
     */
    @Override
    public void encode(T element, OutputStream stream) throws IOException {
        byte[] json = serialize(element);
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        stream.write(line);
    }
}
