package dev.flinkrecipes.commerce;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;

/** An e-commerce event: a view, add_to_cart, purchase or remove of a product by a user. */
public class CommerceEvent {
    public static final String VIEW = "view";
    public static final String PURCHASE = "purchase";

    public String eventId;

    /** Event time, epoch milliseconds; ISO-8601 in JSON. */
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long timestamp;

    public String userId;
    public String eventType;
    public String productId;
    public String productName;
    public String category;
    public double price;
    public int quantity;

    public CommerceEvent() {}

    public CommerceEvent(
            String eventId,
            long timestamp,
            String userId,
            String eventType,
            String productId,
            String productName,
            String category,
            double price,
            int quantity) {
        this.eventId = eventId;
        this.timestamp = timestamp;
        this.userId = userId;
        this.eventType = eventType;
        this.productId = productId;
        this.productName = productName;
        this.category = category;
        this.price = price;
        this.quantity = quantity;
    }

    /** price * quantity: the documents' revenue of an event. */
    public double revenue() {
        return price * quantity;
    }

    public boolean isPurchase() {
        return PURCHASE.equals(eventType);
    }
}
