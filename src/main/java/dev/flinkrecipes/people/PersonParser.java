package dev.flinkrecipes.people;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.core.serde.RecordParser;

/** Reads one person; person_id, name and created_at are required, the other data items may be absent. */
public final class PersonParser implements RecordParser<Person> {
    private static final long serialVersionUID = 1L;

    @Override
    public Person parse(String text) throws InvalidRecordException {
        Person p = new Person();
        boolean[] hasTime = {false};
        JsonFields.readObject(text, (field, value) -> {
            switch (field) {
                case "person_id" -> p.personId = JsonFields.string(field, value);
                case "name" -> p.name = JsonFields.string(field, value);
                case "email" -> p.email = JsonFields.string(field, value);
                case "address" -> p.address = JsonFields.string(field, value);
                case "phone" -> p.phone = JsonFields.string(field, value);
                case "job" -> p.job = JsonFields.string(field, value);
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
}
