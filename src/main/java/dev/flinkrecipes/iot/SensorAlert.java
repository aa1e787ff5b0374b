package dev.flinkrecipes.iot;

/** A reading outside the safe range, with its level: critical, warning or info. */
public class SensorAlert extends SensorReading {
    public String alertLevel;

    public SensorAlert() {}

    public SensorAlert(SensorReading r, String alertLevel) {
        super(r);
        this.alertLevel = alertLevel;
    }
}
