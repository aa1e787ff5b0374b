package dev.flinkrecipes.recommendations;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.core.serde.JsonRecord;
import dev.flinkrecipes.core.serde.JsonRecordParser;
import java.util.Set;

/**
 * Reads one user action; every field is required and the action must be view, click or purchase.
 */
public final class UserActionParser extends JsonRecordParser<UserAction> {
    private static final long serialVersionUID = 1L;
    static final Set<String> ACTIONS = Set.of("view", "click", "purchase");

    @Override
    protected UserAction read(JsonRecord record) throws InvalidRecordException {
        UserAction a = new UserAction();
        boolean[] hasTime = {false};
        JsonFields.readObject(
                record,
                (field, value) -> {
                    switch (field) {
                        case "user_id" -> a.userId = JsonFields.string(field, value);
                        case "action" -> a.action = JsonFields.string(field, value);
                        case "item_id" -> a.itemId = JsonFields.string(field, value);
                        case "timestamp" -> {
                            a.timestamp = JsonFields.timestamp(field, value);
                            hasTime[0] = true;
                        }
                        default -> JsonFields.skip(value);
                    }
                });
        if (a.userId == null || a.userId.isBlank()) throw JsonFields.missing("user_id");
        if (a.action == null) throw JsonFields.missing("action");
        if (!ACTIONS.contains(a.action))
            throw new InvalidRecordException(
                    "action: '" + a.action + "' is not one of click, purchase, view");
        if (a.itemId == null || a.itemId.isBlank()) throw JsonFields.missing("item_id");
        if (!hasTime[0]) throw JsonFields.missing("timestamp");
        return a;
    }
}
