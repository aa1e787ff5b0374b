package dev.flinkrecipes.applogs;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;

/** An application log record: the Spark document's log schema. */
public class AppLog {
    public static final String[] LEVELS = {"DEBUG", "INFO", "WARN", "ERROR"};

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long timestamp;

    /** DEBUG, INFO, WARN or ERROR. */
    public String level;

    public String service;
    public String message;

    /** Absent for most records; e.g. an HTTP status for errors. */
    public Integer errorCode;

    /** Absent for system records. */
    public String userId;

    public AppLog() {}

    public AppLog(
            long timestamp,
            String level,
            String service,
            String message,
            Integer errorCode,
            String userId) {
        this.timestamp = timestamp;
        this.level = level;
        this.service = service;
        this.message = message;
        this.errorCode = errorCode;
        this.userId = userId;
    }
}
