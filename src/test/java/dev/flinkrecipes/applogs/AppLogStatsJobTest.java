package dev.flinkrecipes.applogs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.options.StateBackendKind;
import dev.flinkrecipes.testing.FileToFileRun;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.OnEveryStateBackend;
import dev.flinkrecipes.testing.UniqueRows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * app-log-stats over ten minutes of generated logs (the project's producer writing a file, with an
 * incident on 'payments' at minute 7 and some malformed lines), every row recomputed here from the
 * file.
 */
@OnEveryStateBackend
class AppLogStatsJobTest {
    @Parameter StateBackendKind stateBackend;

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @TempDir Path dir;

    @Test
    void countsPerServiceAndLevelWithErrorRateAlerts() throws Exception {
        Path logs = dir.resolve("logs.jsonl");
        assertThat(
                        Main.run(
                                "produce-app-logs",
                                "--to-file",
                                logs.toString(),
                                "--count",
                                "6000",
                                "--event-spacing",
                                "100ms",
                                "--start-time",
                                "2024-01-15T10:00:00Z",
                                "--malformed-every",
                                "1500"))
                .isZero();

        Map<String, long[]> expected =
                new TreeMap<>(); // service|minute -> debug, info, warn, error
        int malformed = 0;
        for (String line : Files.readAllLines(logs, StandardCharsets.UTF_8)) {
            JsonNode log;
            try {
                log = JsonlFiles.parse(line);
            } catch (RuntimeException e) {
                malformed++;
                continue;
            }
            long ts = Instant.parse(log.get("timestamp").asText()).toEpochMilli();
            long[] c =
                    expected.computeIfAbsent(
                            log.get("service").asText() + "|" + (ts - ts % 60_000),
                            k -> new long[4]);
            c[List.of("DEBUG", "INFO", "WARN", "ERROR").indexOf(log.get("level").asText())]++;
        }
        assertThat(malformed).isEqualTo(4);

        Path out = dir.resolve("out");
        List<JsonNode> rows =
                FileToFileRun.results(
                        "app-log-stats",
                        logs,
                        out,
                        OnEveryStateBackend.Options.with(stateBackend, "--parallelism", "2"));

        assertThat(rows).hasSize(expected.size());
        List<String> alerts = new ArrayList<>();
        for (JsonNode r : UniqueRows.byKey(rows, AppLogStatsJobTest::serviceAndStart).values()) {
            long[] c = expected.get(serviceAndStart(r));
            assertThat(c).isNotNull();
            long total = c[0] + c[1] + c[2] + c[3];
            assertThat(
                            new long[] {
                                r.get("debug").asLong(),
                                r.get("info").asLong(),
                                r.get("warn").asLong(),
                                r.get("error").asLong()
                            })
                    .containsExactly(c);
            assertThat(r.get("total").asLong()).isEqualTo(total);
            assertThat(r.get("error_rate").asDouble())
                    .isCloseTo((double) c[3] / total, org.assertj.core.data.Offset.offset(0.00005));
            boolean alert = total >= 10 && (double) c[3] / total > 0.2;
            assertThat(r.get("alert").asBoolean())
                    .as("alert for %s at %s", r.get("service"), r.get("window_start"))
                    .isEqualTo(alert);
            if (alert) alerts.add(r.get("service").asText() + "@" + r.get("window_start").asText());
        }
        assertThat(alerts).contains("payments@2024-01-15T10:07:00Z");
        assertThat(JsonlFiles.readCommitted(out.resolve("dlq"))).hasSize(4);
    }

    private static String serviceAndStart(JsonNode r) {
        return r.get("service").asText()
                + "|"
                + Instant.parse(r.get("window_start").asText()).toEpochMilli();
    }
}
