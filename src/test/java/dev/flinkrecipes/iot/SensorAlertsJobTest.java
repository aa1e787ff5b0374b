package dev.flinkrecipes.iot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.core.options.StateBackendKind;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.InMemoryJob;
import dev.flinkrecipes.testing.OnEveryStateBackend;
import dev.flinkrecipes.testing.UniqueRows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

/**
 * sensor-alerts over a bounded file of readings made here; every alert recomputed from the input.
 */
@OnEveryStateBackend
class SensorAlertsJobTest {
    @Parameter StateBackendKind stateBackend;

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @Test
    void alertsExactlyTheReadingsOutOfRange() throws Exception {
        Random r = new Random(9);
        List<String> lines = new ArrayList<>();
        Map<String, String> expected = new TreeMap<>();
        long t0 = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();
        for (int i = 0; i < 2000; i++) {
            int t10 = 100 + r.nextInt(1100),
                    h10 = r.nextInt(1000),
                    p10 = 9300 + r.nextInt(1200); // tenths
            String ts = Instant.ofEpochMilli(t0 + i * 500L).toString();
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "{\"sensor_id\":\"s%d\",\"temperature\":%d.%d,\"humidity\":%d.%d,\"pressure\":%d.%d,\"timestamp\":\"%s\"}",
                            i % 7,
                            t10 / 10,
                            t10 % 10,
                            h10 / 10,
                            h10 % 10,
                            p10 / 10,
                            p10 % 10,
                            ts));
            if (t10 > 800 || h10 > 900 || p10 < 9500) {
                expected.put(
                        "s" + (i % 7) + "@" + ts,
                        t10 > 1000 ? "critical" : t10 > 800 ? "warning" : "info");
            }
        }
        lines.add(
                "{\"sensor_id\":\"s1\",\"temperature\":20,\"humidity\":50,\"timestamp\":\"2024-01-15T10:00:00Z\"}");
        InMemoryJob.Outputs out =
                InMemoryJob.run(
                        "sensor-alerts",
                        lines,
                        OnEveryStateBackend.Options.with(stateBackend, "--parallelism", "2"));

        Map<String, String> actual =
                UniqueRows.byKey(
                        out.results(),
                        a -> a.get("sensor_id").asText() + "@" + a.get("timestamp").asText(),
                        a -> a.get("alert_level").asText());
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.values()).contains("critical", "warning", "info");
        assertThat(out.deadLetters())
                .singleElement()
                .satisfies(
                        d ->
                                assertThat(d.get("reason").asText())
                                        .isEqualTo("missing field pressure"));
    }
}
