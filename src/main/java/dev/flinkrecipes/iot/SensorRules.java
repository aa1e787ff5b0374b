package dev.flinkrecipes.iot;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The document's IoT rules: alert when temperature > 80 or humidity > 90 or pressure < 950;
 * alert_level critical above 100 degrees, warning above 80, else info (humidity or pressure only).
 */
public final class SensorRules implements FlatMapFunction<SensorReading, SensorAlert> {
    @Override
    public void flatMap(SensorReading r, Collector<SensorAlert> out) {
        if (isAlert(r)) out.collect(new SensorAlert(r, level(r.temperature)));
    }

    public static boolean isAlert(SensorReading r) {
        return r.temperature > 80 || r.humidity > 90 || r.pressure < 950;
    }

    public static String level(double temperature) {
        if (temperature > 100) return "critical";
        if (temperature > 80) return "warning";
        return "info";
    }
}
