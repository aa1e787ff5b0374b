package dev.flinkrecipes.commerce;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.core.serde.JsonRecord;
import dev.flinkrecipes.core.serde.JsonRecordParser;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one e-commerce event. Every known field is read when present; which must be there is the
 * job's choice ({@link #requiring}): a record needs only the fields its job uses. The document's
 * own stream (its rate-source example) has no event_id, product_name nor category, and numeric user
 * and product ids, which are read as their text. event_type, when present, is one of view,
 * add_to_cart, purchase, remove; price (a number >= 0, default 0) and quantity (an integer >= 0,
 * default 0) are validated.
 */
public final class CommerceEventParser extends JsonRecordParser<CommerceEvent> {
    private static final long serialVersionUID = 1L;
    static final Set<String> EVENT_TYPES = Set.of("view", "add_to_cart", "purchase", "remove");

    /** The fields a job may require, in the order a record missing several is reported. */
    public enum Field {
        EVENT_ID("event_id"),
        TIMESTAMP("timestamp"),
        USER_ID("user_id"),
        EVENT_TYPE("event_type"),
        PRODUCT_ID("product_id"),
        PRODUCT_NAME("product_name"),
        CATEGORY("category");

        public final String json;

        Field(String json) {
            this.json = json;
        }
    }

    private final EnumSet<Field> required;

    private CommerceEventParser(EnumSet<Field> required) {
        this.required = required;
    }

    /**
     * A parser that dead-letters a record without one of {@code required} (absent, null or blank).
     */
    public static CommerceEventParser requiring(Field... required) {
        EnumSet<Field> set = EnumSet.noneOf(Field.class);
        set.addAll(List.of(required));
        return new CommerceEventParser(set);
    }

    @Override
    protected CommerceEvent read(JsonRecord record) throws InvalidRecordException {
        CommerceEvent e = new CommerceEvent();
        boolean[] hasTimestamp = {false};
        JsonFields.readObject(
                record,
                (field, value) -> {
                    switch (field) {
                        case "event_id" -> e.eventId = JsonFields.string(field, value);
                        case "timestamp" -> {
                            e.timestamp = JsonFields.timestamp(field, value);
                            hasTimestamp[0] = true;
                        }
                        case "user_id" -> e.userId = JsonFields.string(field, value);
                        case "event_type" -> e.eventType = JsonFields.string(field, value);
                        case "product_id" -> e.productId = JsonFields.string(field, value);
                        case "product_name" -> e.productName = JsonFields.string(field, value);
                        case "category" -> e.category = JsonFields.string(field, value);
                        case "price" -> e.price = JsonFields.number(field, value);
                        case "quantity" -> {
                            double q = JsonFields.number(field, value);
                            if (q != Math.rint(q) || q > Integer.MAX_VALUE) {
                                throw new InvalidRecordException(
                                        "quantity: must be a whole number, got " + q);
                            }
                            e.quantity = (int) q;
                        }
                        default -> JsonFields.skip(value);
                    }
                });
        for (Field f : required) {
            boolean present =
                    switch (f) {
                        case EVENT_ID -> !isBlank(e.eventId);
                        case TIMESTAMP -> hasTimestamp[0];
                        case USER_ID -> !isBlank(e.userId);
                        case EVENT_TYPE -> !isBlank(e.eventType);
                        case PRODUCT_ID -> !isBlank(e.productId);
                        case PRODUCT_NAME -> !isBlank(e.productName);
                        case CATEGORY -> !isBlank(e.category);
                    };
            if (!present) throw JsonFields.missing(f.json);
        }
        if (e.eventType != null && !EVENT_TYPES.contains(e.eventType)) {
            throw new InvalidRecordException(
                    "event_type: '"
                            + e.eventType
                            + "' is not one of add_to_cart, purchase, remove, view");
        }
        if (e.price < 0) throw new InvalidRecordException("price: must be >= 0, got " + e.price);
        if (e.quantity < 0)
            throw new InvalidRecordException("quantity: must be >= 0, got " + e.quantity);
        return e;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
