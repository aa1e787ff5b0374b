package dev.flinkrecipes.commerce;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.core.serde.JsonRecord;
import dev.flinkrecipes.core.serde.JsonRecordParser;
import dev.flinkrecipes.core.serde.JsonValue;
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

    /** Whether text fields outside {@link #required} are skipped rather than read. */
    private final boolean onlyRequired;

    private CommerceEventParser(EnumSet<Field> required, boolean onlyRequired) {
        this.required = required;
        this.onlyRequired = onlyRequired;
    }

    /**
     * A parser that dead-letters a record without one of {@code required} (absent, null or blank).
     */
    public static CommerceEventParser requiring(Field... required) {
        return new CommerceEventParser(setOf(required), false);
    }

    /**
     * As {@link #requiring}, but the text fields outside {@code required} are skipped, not read:
     * Spark's column pruning, for a job whose events never leave it (no late-event output). Each
     * skipped field is one string less to decode, send to the keyed operator and decode again.
     */
    public static CommerceEventParser requiringOnly(Field... required) {
        return new CommerceEventParser(setOf(required), true);
    }

    private static EnumSet<Field> setOf(Field... fields) {
        EnumSet<Field> set = EnumSet.noneOf(Field.class);
        set.addAll(List.of(fields));
        return set;
    }

    /** Reads a text field the job uses; skips it (null) under {@link #requiringOnly} otherwise. */
    private String text(Field f, String field, JsonValue value) throws InvalidRecordException {
        if (onlyRequired && !required.contains(f)) {
            JsonFields.skip(value);
            return null;
        }
        return JsonFields.string(field, value);
    }

    @Override
    protected CommerceEvent read(JsonRecord record) throws InvalidRecordException {
        CommerceEvent e = new CommerceEvent();
        boolean[] hasTimestamp = {false};
        JsonFields.readObject(
                record,
                (field, value) -> {
                    switch (field) {
                        case "event_id" -> e.eventId = text(Field.EVENT_ID, field, value);
                        case "timestamp" -> {
                            e.timestamp = JsonFields.timestamp(field, value);
                            hasTimestamp[0] = true;
                        }
                        case "user_id" -> e.userId = text(Field.USER_ID, field, value);
                        case "event_type" -> e.eventType = text(Field.EVENT_TYPE, field, value);
                        case "product_id" -> e.productId = text(Field.PRODUCT_ID, field, value);
                        case "product_name" ->
                                e.productName = text(Field.PRODUCT_NAME, field, value);
                        case "category" -> e.category = text(Field.CATEGORY, field, value);
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
