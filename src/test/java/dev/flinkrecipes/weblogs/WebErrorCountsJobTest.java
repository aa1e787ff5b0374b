package dev.flinkrecipes.weblogs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.core.ops.Count;
import dev.flinkrecipes.core.options.StateBackendKind;
import dev.flinkrecipes.core.windows.WindowSpec;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.InMemoryJob;
import dev.flinkrecipes.testing.OnEveryStateBackend;
import dev.flinkrecipes.testing.UniqueRows;
import dev.flinkrecipes.testing.WindowHarness;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

/**
 * web-error-counts: the window operator in a harness, and the job over a file of access-log lines
 * made here.
 */
@OnEveryStateBackend
class WebErrorCountsJobTest {
    @Parameter StateBackendKind stateBackend;

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    static final long T0 = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();
    static final long MIN = 60_000;
    static final DateTimeFormatter CLF =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
                    .withZone(ZoneOffset.UTC);

    static String line(long ts, int status) {
        return "10.1.2.3 - - ["
                + CLF.format(Instant.ofEpochMilli(ts))
                + "] \"GET /x HTTP/1.1\" "
                + status
                + " -";
    }

    @Test
    void windowFiresPerMinuteAndSendsLateLinesAside() throws Exception {
        WebRequest sample = new AccessLogParser().parse(line(T0, 404));
        try (var w =
                new WindowHarness<>(
                        WebRequest.class,
                        sample,
                        WebRequest::errorType,
                        WindowSpec.tumbling(Duration.ofMinutes(1)),
                        new Count<WebRequest>(),
                        new ErrorCount.Emit())) {
            for (int s : new int[] {404, 404, 500, 403}) {
                WebRequest r = new AccessLogParser().parse(line(T0 + 1000, s));
                w.add(r, r.timestamp);
            }
            w.watermark(T0 + MIN - 1);
            assertThat(w.drain())
                    .extracting(c -> c.errorType + " " + c.count)
                    .containsExactlyInAnyOrder("client_error 3", "server_error 1");
            WebRequest late = new AccessLogParser().parse(line(T0 + 30_000, 502));
            w.add(late, late.timestamp);
            assertThat(w.lateEvents()).hasSize(1);
            assertThat(w.harness.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void countsErrorsPerMinuteInTheLinesOwnTime() throws Exception {
        Random r = new Random(5);
        List<long[]> requests = new ArrayList<>(); // ts, status
        for (int i = 0; i < 3000; i++) {
            int status = new int[] {200, 200, 200, 301, 404, 403, 500, 503}[r.nextInt(8)];
            requests.add(
                    new long[] {
                        T0 + i * 300L + r.nextInt(60_000), status
                    }); // up to a minute out of order
        }
        for (int i = 500; i < 3000; i += 500)
            requests.add(i, new long[] {T0 + i * 300L - 10 * MIN, 500}); // 10 min late
        List<String> lines = new ArrayList<>();
        requests.forEach(q -> lines.add(line(q[0], (int) q[1])));
        lines.add(1000, "this is not a log line");

        InMemoryJob.Outputs out =
                InMemoryJob.run(
                        "web-error-counts",
                        lines,
                        OnEveryStateBackend.Options.with(
                                stateBackend,
                                "--parallelism",
                                "1",
                                "--watermark-emission",
                                "per_event"));

        // Replay the watermark: error lines only feed it (the job filters before event time).
        long watermark = Long.MIN_VALUE;
        Map<String, Long> expected = new HashMap<>();
        int late = 0;
        for (long[] q : requests) {
            if (q[1] < 400) continue;
            long start = q[0] - Math.floorMod(q[0], MIN);
            if (start + MIN - 1 <= watermark) {
                late++;
            } else {
                expected.merge(
                        Instant.ofEpochMilli(start)
                                + "|"
                                + (q[1] < 500 ? "client_error" : "server_error"),
                        1L,
                        Long::sum);
            }
            watermark = Math.max(watermark, q[0] - 2 * MIN - 1);
        }
        Map<String, Long> actual =
                UniqueRows.byKey(
                        out.results(),
                        c -> c.get("window_start").asText() + "|" + c.get("error_type").asText(),
                        c -> c.get("count").asLong());
        assertThat(actual).isEqualTo(expected);
        assertThat(late).isPositive();
        assertThat(out.late()).hasSize(late);
        assertThat(out.deadLetters())
                .singleElement()
                .satisfies(d -> assertThat(d.get("line").asLong()).isEqualTo(1001));
    }
}
