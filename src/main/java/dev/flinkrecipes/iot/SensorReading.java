package dev.flinkrecipes.iot;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;

/** One reading from the {@code sensor_data} topic. */
public class SensorReading {
    public String sensorId;
    public double temperature;
    public double humidity;
    public double pressure;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long timestamp;

    public SensorReading() {}

    public SensorReading(
            String sensorId, double temperature, double humidity, double pressure, long timestamp) {
        this.sensorId = sensorId;
        this.temperature = temperature;
        this.humidity = humidity;
        this.pressure = pressure;
        this.timestamp = timestamp;
    }

    protected SensorReading(SensorReading r) {
        this(r.sensorId, r.temperature, r.humidity, r.pressure, r.timestamp);
    }
}
