package dev.flinkrecipes.recommendations;

import java.util.ArrayList;
import java.util.List;

/**
 * What the per-user step sends to the per-item step, keyed by {@link #item}: either "one more user
 * bought {@code item} and {@code other}", or "recommend for {@code userId}, who just bought {@code
 * item} and owns {@code owned}".
 */
public class CoPurchaseEvent {
    public static final String PAIR = "pair";
    public static final String REQUEST = "request";

    public String kind;
    public String item;
    public String other;
    public String userId;
    public long timestamp;

    /** With a request: every item the user has bought, never recommended back. */
    public List<String> owned = new ArrayList<>();

    public CoPurchaseEvent() {}

    static CoPurchaseEvent pair(String item, String other) {
        CoPurchaseEvent e = new CoPurchaseEvent();
        e.kind = PAIR;
        e.item = item;
        e.other = other;
        return e;
    }

    static CoPurchaseEvent request(String userId, String item, long timestamp, List<String> owned) {
        CoPurchaseEvent e = new CoPurchaseEvent();
        e.kind = REQUEST;
        e.userId = userId;
        e.item = item;
        e.timestamp = timestamp;
        e.owned = owned;
        return e;
    }
}
