package dev.flinkrecipes.enrichment;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change to a user's profile from {@code user_updates}: the user, when, and whatever profile
 * fields the message carries (name, tier, country...), kept by name.
 */
public class UserUpdate {
    public String userId;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long updateTime;

    /** Declared as a Map, it is serialized by Flink's own map serializer, not Kryo. */
    public Map<String, String> profile = new LinkedHashMap<>();

    public UserUpdate() {}

    public UserUpdate(String userId, long updateTime, Map<String, String> profile) {
        this.userId = userId;
        this.updateTime = updateTime;
        this.profile = profile;
    }
}
