package dev.flinkrecipes.etl;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;

/** An event from {@code raw_events}, after the ETL's filter: it has a user_id. */
public class RawEvent {
    public String eventId;
    public String userId;
    public String eventType;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long eventTime;

    /** Optional measure (an amount, a duration); null when absent. */
    public Double value;

    public RawEvent() {}

    public RawEvent(String eventId, String userId, String eventType, long eventTime, Double value) {
        this.eventId = eventId;
        this.userId = userId;
        this.eventType = eventType;
        this.eventTime = eventTime;
        this.value = value;
    }
}
