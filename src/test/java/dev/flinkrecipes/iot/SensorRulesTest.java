package dev.flinkrecipes.iot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SensorRulesTest {
    @ParameterizedTest(name = "t={0} h={1} p={2} -> alert={3} {4}")
    @CsvSource({
        "80.0,  90.0, 950.0, false, ",
        "80.1,  50.0, 1000,  true,  warning",
        "100.0, 50.0, 1000,  true,  warning",
        "100.1, 50.0, 1000,  true,  critical",
        "20.0,  90.1, 1000,  true,  info",
        "20.0,  50.0, 949.9, true,  info",
        "120.0, 99.0, 900,   true,  critical",
        "-40.0, 0.0,  1100,  false, ",
    })
    void theDocumentsThresholdsAreStrict(
            double t, double h, double p, boolean alert, String level) {
        SensorReading r = new SensorReading("sensor_1", t, h, p, 0);
        assertThat(SensorRules.isAlert(r)).isEqualTo(alert);
        if (alert) assertThat(SensorRules.level(t)).isEqualTo(level);
    }
}
