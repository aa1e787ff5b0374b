package dev.flinkrecipes.etl;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.core.serde.JsonRecord;
import dev.flinkrecipes.core.serde.JsonRecordParser;

/**
 * Reads one raw event: event_id and event_time (ISO-8601) are required, value is an optional
 * number. The document's {@code filter(col("user_id").isNotNull())} is applied here: an event
 * without a user_id is not silently dropped but goes to the dead letters with that reason.
 */
public final class RawEventParser extends JsonRecordParser<RawEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    protected RawEvent read(JsonRecord record) throws InvalidRecordException {
        RawEvent e = new RawEvent();
        boolean[] hasTime = {false};
        JsonFields.readObject(
                record,
                (field, value) -> {
                    switch (field) {
                        case "event_id" -> e.eventId = JsonFields.string(field, value);
                        case "user_id" -> e.userId = JsonFields.string(field, value);
                        case "event_type" -> e.eventType = JsonFields.string(field, value);
                        case "event_time" -> {
                            e.eventTime = JsonFields.timestamp(field, value);
                            hasTime[0] = true;
                        }
                        case "value" ->
                                e.value =
                                        JsonFields.isNull(value)
                                                ? null
                                                : JsonFields.number(field, value);
                        default -> JsonFields.skip(value);
                    }
                });
        if (e.eventId == null || e.eventId.isBlank()) throw JsonFields.missing("event_id");
        if (!hasTime[0]) throw JsonFields.missing("event_time");
        if (e.userId == null || e.userId.isBlank()) {
            throw new InvalidRecordException(
                    "no user_id: filtered out by the ETL (the document's filter(user_id is not"
                            + " null))");
        }
        return e;
    }
}
