package dev.flinkrecipes.recommendations;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;
import java.util.ArrayList;
import java.util.List;

/** Recommendations for a user, made when they bought {@code purchased_item}. */
public class Recommendation {
    public String userId;
    public String purchasedItem;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long timestamp;

    /** Best first: the items most often bought by the other buyers of the purchased item. */
    public List<RecommendedItem> recommendations = new ArrayList<>();

    public Recommendation() {}

    /** An item and how many other buyers of the purchased item bought it too. */
    public static class RecommendedItem {
        public String itemId;
        public long buyers;

        public RecommendedItem() {}

        public RecommendedItem(String itemId, long buyers) {
            this.itemId = itemId;
            this.buyers = buyers;
        }
    }
}
