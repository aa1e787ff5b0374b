package dev.flinkrecipes.commerce;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.core.serde.RecordParser;

import java.util.Set;

/**
 * Reads one e-commerce event. Required, as in the document's schema (nullable = False): event_id,
 * timestamp, user_id, event_type (one of view, add_to_cart, purchase, remove), product_id. The others may
 * be absent; price (a number >= 0, default 0) and quantity (an integer >= 0, default 0) are validated.
 */
public final class CommerceEventParser implements RecordParser<CommerceEvent> {
    private static final long serialVersionUID = 1L;
    static final Set<String> EVENT_TYPES = Set.of("view", "add_to_cart", "purchase", "remove");

    @Override
    public CommerceEvent parse(String text) throws InvalidRecordException {
        CommerceEvent e = new CommerceEvent();
        boolean[] hasTimestamp = {false};
        JsonFields.readObject(text, (field, value) -> {
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
                        throw new InvalidRecordException("quantity: must be a whole number, got " + q);
                    }
                    e.quantity = (int) q;
                }
                default -> JsonFields.skip(value);
            }
        });
        if (isBlank(e.eventId)) throw JsonFields.missing("event_id");
        if (!hasTimestamp[0]) throw JsonFields.missing("timestamp");
        if (isBlank(e.userId)) throw JsonFields.missing("user_id");
        if (isBlank(e.eventType)) throw JsonFields.missing("event_type");
        if (!EVENT_TYPES.contains(e.eventType)) {
            throw new InvalidRecordException("event_type: '" + e.eventType + "' is not one of add_to_cart, purchase, remove, view");
        }
        if (isBlank(e.productId)) throw JsonFields.missing("product_id");
        if (e.price < 0) throw new InvalidRecordException("price: must be >= 0, got " + e.price);
        if (e.quantity < 0) throw new InvalidRecordException("quantity: must be >= 0, got " + e.quantity);
        return e;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
