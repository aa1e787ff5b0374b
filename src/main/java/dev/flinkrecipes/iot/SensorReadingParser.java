package dev.flinkrecipes.iot;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.core.serde.JsonRecord;
import dev.flinkrecipes.core.serde.JsonRecordParser;

/**
 * Reads one sensor reading; every field is required (a missing measure must not read as 0 degrees).
 */
public final class SensorReadingParser extends JsonRecordParser<SensorReading> {
    private static final long serialVersionUID = 1L;

    @Override
    protected SensorReading read(JsonRecord record) throws InvalidRecordException {
        SensorReading r = new SensorReading();
        boolean[] seen = new boolean[4]; // temperature, humidity, pressure, timestamp
        JsonFields.readObject(
                record,
                (field, value) -> {
                    switch (field) {
                        case "sensor_id" -> r.sensorId = JsonFields.string(field, value);
                        case "temperature" -> {
                            r.temperature = JsonFields.number(field, value);
                            seen[0] = true;
                        }
                        case "humidity" -> {
                            r.humidity = JsonFields.number(field, value);
                            seen[1] = true;
                        }
                        case "pressure" -> {
                            r.pressure = JsonFields.number(field, value);
                            seen[2] = true;
                        }
                        case "timestamp" -> {
                            r.timestamp = JsonFields.timestamp(field, value);
                            seen[3] = true;
                        }
                        default -> JsonFields.skip(value);
                    }
                });
        if (r.sensorId == null || r.sensorId.isBlank()) throw JsonFields.missing("sensor_id");
        String[] names = {"temperature", "humidity", "pressure", "timestamp"};
        for (int i = 0; i < names.length; i++) if (!seen[i]) throw JsonFields.missing(names[i]);
        return r;
    }
}
