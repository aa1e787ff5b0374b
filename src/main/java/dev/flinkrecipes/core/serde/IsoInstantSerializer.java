package dev.flinkrecipes.core.serde;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Writes an epoch-millisecond field as an ISO-8601 UTC instant, e.g. {@code 2024-01-15T10:35:00Z}.
 */
public final class IsoInstantSerializer extends StdSerializer<Long> {
    public IsoInstantSerializer() {
        super(Long.class);
    }

    @Override
    public void serialize(Long epochMillis, JsonGenerator gen, SerializerProvider provider)
            throws IOException {
        gen.writeString(Instant.ofEpochMilli(epochMillis).toString());
    }
}
