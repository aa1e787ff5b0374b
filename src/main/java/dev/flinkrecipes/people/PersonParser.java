package dev.flinkrecipes.people;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.core.serde.JsonRecord;
import dev.flinkrecipes.core.serde.JsonRecordParser;
import dev.flinkrecipes.core.serde.JsonValue;

/**
 * Reads one person; person_id, name and created_at are required, the other data items may be
 * absent.
 */
public final class PersonParser extends JsonRecordParser<Person> {
    private static final long serialVersionUID = 1L;

    @Override
    protected Person read(JsonRecord record) throws InvalidRecordException {
        Person p = new Person();
        boolean[] hasTime = {false};
        JsonFields.readObject(
                record,
                (field, value) -> {
                    switch (field) {
                        case "person_id" -> p.personId = text(field, value);
                        case "name" -> p.name = text(field, value);
                        case "email" -> p.email = text(field, value);
                        case "address" -> p.address = text(field, value);
                        case "phone" -> p.phone = text(field, value);
                        case "job" -> p.job = text(field, value);
                        case "created_at" -> {
                            p.createdAt = JsonFields.timestamp(field, value);
                            hasTime[0] = true;
                        }
                        default -> JsonFields.skip(value);
                    }
                });
        if (p.personId == null || p.personId.isBlank()) throw JsonFields.missing("person_id");
        if (p.name == null || p.name.isBlank()) throw JsonFields.missing("name");
        if (!hasTime[0]) throw JsonFields.missing("created_at");
        return p;
    }

    /**
     * A string PostgreSQL's text can store: not one with a NUL character (U+0000, a JSON escape),
     * which the database refuses; the sink's batch failed on it, then the job, then every restart
     * on the same record.
     */
    private static String text(String field, JsonValue value) throws InvalidRecordException {
        String s = JsonFields.string(field, value);
        if (s != null && s.indexOf('\u0000') >= 0) {
            throw new InvalidRecordException(
                    field + ": contains a NUL character, which PostgreSQL text cannot store");
        }
        return s;
    }
}
