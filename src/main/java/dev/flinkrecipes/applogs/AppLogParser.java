package dev.flinkrecipes.applogs;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.core.serde.JsonRecord;
import dev.flinkrecipes.core.serde.JsonRecordParser;
import java.util.Locale;

/**
 * Reads one log record. Required (nullable = False in the document): timestamp, level (DEBUG, INFO,
 * WARN or ERROR, any case; WARNING counts as WARN), service. message, error_code (an integer) and
 * user_id may be absent or null.
 */
public final class AppLogParser extends JsonRecordParser<AppLog> {
    private static final long serialVersionUID = 1L;

    @Override
    protected AppLog read(JsonRecord record) throws InvalidRecordException {
        AppLog log = new AppLog();
        boolean[] hasTimestamp = {false};
        JsonFields.readObject(
                record,
                (field, value) -> {
                    switch (field) {
                        case "timestamp" -> {
                            log.timestamp = JsonFields.timestamp(field, value);
                            hasTimestamp[0] = true;
                        }
                        case "level" -> log.level = JsonFields.string(field, value);
                        case "service" -> log.service = JsonFields.string(field, value);
                        case "message" -> log.message = JsonFields.string(field, value);
                        case "error_code" -> {
                            if (!JsonFields.isNull(value)) {
                                double code = JsonFields.number(field, value);
                                if (code != Math.rint(code))
                                    throw new InvalidRecordException(
                                            "error_code: must be an integer, got " + code);
                                log.errorCode = (int) code;
                            }
                        }
                        case "user_id" -> log.userId = JsonFields.string(field, value);
                        default -> JsonFields.skip(value);
                    }
                });
        if (!hasTimestamp[0]) throw JsonFields.missing("timestamp");
        if (log.level == null || log.level.isBlank()) throw JsonFields.missing("level");
        log.level = normalLevel(log.level);
        if (log.service == null || log.service.isBlank()) throw JsonFields.missing("service");
        return log;
    }

    static String normalLevel(String level) throws InvalidRecordException {
        String upper = level.trim().toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "DEBUG", "INFO", "WARN", "ERROR" -> upper;
            case "WARNING" -> "WARN";
            default ->
                    throw new InvalidRecordException(
                            "level: '" + level + "' is not one of DEBUG, INFO, WARN, ERROR");
        };
    }
}
