package dev.flinkrecipes.enrichment;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.core.serde.JsonRecord;
import dev.flinkrecipes.core.serde.JsonRecordParser;

/**
 * Reads one profile update: user_id and update_time (ISO-8601) are required; every other field with
 * a text, number or boolean value is a profile field; nested objects and arrays are not profile
 * fields and are skipped.
 */
public final class UserUpdateParser extends JsonRecordParser<UserUpdate> {
    private static final long serialVersionUID = 1L;

    @Override
    protected UserUpdate read(JsonRecord record) throws InvalidRecordException {
        UserUpdate u = new UserUpdate();
        boolean[] hasTime = {false};
        JsonFields.readObject(
                record,
                (field, value) -> {
                    switch (field) {
                        case "user_id" -> u.userId = JsonFields.string(field, value);
                        case "update_time" -> {
                            u.updateTime = JsonFields.timestamp(field, value);
                            hasTime[0] = true;
                        }
                        default -> {
                            if (JsonFields.isObjectOrArray(value)) {
                                JsonFields.skip(value);
                            } else {
                                String scalar = JsonFields.scalarText(field, value);
                                if (scalar != null) u.profile.put(field, scalar);
                            }
                        }
                    }
                });
        if (u.userId == null || u.userId.isBlank()) throw JsonFields.missing("user_id");
        if (!hasTime[0]) throw JsonFields.missing("update_time");
        return u;
    }
}
