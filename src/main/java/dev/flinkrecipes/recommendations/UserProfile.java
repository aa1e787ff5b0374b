package dev.flinkrecipes.recommendations;

import java.util.ArrayList;
import java.util.List;

/** A user's profile in keyed state: what they did, and the items they bought (in buying order). */
public class UserProfile {
    public long views;
    public long clicks;
    public long purchases;
    public List<String> bought = new ArrayList<>();

    public UserProfile() {}
}
