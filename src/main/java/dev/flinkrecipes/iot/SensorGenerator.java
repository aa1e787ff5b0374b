package dev.flinkrecipes.iot;

import dev.flinkrecipes.core.io.JsonEventGenerator;
import java.util.SplittableRandom;

/**
 * Readings from sensor_1..sensor_20: temperature around 25 degrees (3% spikes to 81-110), humidity
 * 30-95%, pressure around 1013 hPa (2% drops below 950); keyed by sensor_id.
 */
public final class SensorGenerator extends JsonEventGenerator<SensorReading> {
    private static final long serialVersionUID = 1L;

    public SensorGenerator(long seed, long startMillis, double eventsPerSecond) {
        super(seed, startMillis, eventsPerSecond);
    }

    @Override
    protected SensorReading event(long index, SplittableRandom r, long timestamp) {
        double temperature =
                r.nextDouble() < 0.03 ? 81 + r.nextDouble() * 29 : 15 + r.nextDouble() * 20;
        double humidity = 30 + r.nextDouble() * 65;
        double pressure =
                r.nextDouble() < 0.02 ? 930 + r.nextDouble() * 19.9 : 990 + r.nextDouble() * 50;
        return new SensorReading(
                "sensor_" + (1 + r.nextInt(20)),
                round(temperature),
                round(humidity),
                round(pressure),
                timestamp);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    @Override
    protected String keyOf(SensorReading r) {
        return r.sensorId;
    }
}
