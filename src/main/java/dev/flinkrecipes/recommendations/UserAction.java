package dev.flinkrecipes.recommendations;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;

/** One user action from {@code user_activity}: a view, click or purchase of an item. */
public class UserAction {
    public String userId;

    /** view, click or purchase. */
    public String action;

    public String itemId;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long timestamp;

    public UserAction() {}

    public UserAction(String userId, String action, String itemId, long timestamp) {
        this.userId = userId;
        this.action = action;
        this.itemId = itemId;
        this.timestamp = timestamp;
    }

    public boolean isPurchase() {
        return "purchase".equals(action);
    }
}
