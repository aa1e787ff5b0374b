package dev.flinkrecipes.echo;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.core.serde.JsonRecord;
import dev.flinkrecipes.core.serde.JsonRecordParser;

/**
 * Reads {@code {"key": ..., "value": ...}}; both are required; a number or boolean value is kept as
 * its text.
 */
public final class EchoMessageParser extends JsonRecordParser<EchoMessage> {
    private static final long serialVersionUID = 1L;

    @Override
    protected EchoMessage read(JsonRecord record) throws InvalidRecordException {
        EchoMessage m = new EchoMessage();
        JsonFields.readObject(
                record,
                (field, value) -> {
                    switch (field) {
                        case "key" -> m.key = JsonFields.string(field, value);
                        case "value" -> m.value = JsonFields.scalarText(field, value);
                        default -> JsonFields.skip(value);
                    }
                });
        if (m.key == null) throw JsonFields.missing("key");
        if (m.value == null) throw JsonFields.missing("value");
        return m;
    }
}
