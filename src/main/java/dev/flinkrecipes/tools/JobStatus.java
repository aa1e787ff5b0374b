package dev.flinkrecipes.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkrecipes.core.options.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Spark's {@code query.lastProgress} for a Flink job, read from the cluster's REST API: input and
 * processing rates, records in and out, the watermark and its lag, the last checkpoint, backpressure,
 * Kafka lag and the project's own counters (dead letters, late records, alerts, window results).
 */
@Command(name = "job-status", mixinStandardHelpOptions = true, sortOptions = false,
        header = "A running job's progress as JSON, like Spark's lastProgress (client tool).",
        description = {"Prints a running job's progress as JSON, like Spark's lastProgress, from the REST API.",
            "Not a Flink job: it runs in the client JVM."})
public final class JobStatus implements Callable<Integer> {
    /** The project's counters, summed over every operator and subtask that has them. */
    static final List<String> COUNTERS = List.of("deadLetters", "lateRecords", "alertsEmitted", "windowResults");

    @Option(names = "--rest", description = "The JobManager's REST address. Default: ${DEFAULT-VALUE}.")
    String rest = "http://localhost:8081";

    @Option(names = "--job", description = "Job name or id. Default: every running job.")
    String job;

    @Option(names = "--watch", converter = DurationConverter.class,
            description = "Print again at this interval until stopped (like recentProgress). Default: once.")
    Duration watch = Duration.ZERO;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        do {
            List<String> ids = jobIds();
            if (ids.isEmpty()) {
                System.err.println("job-status: no " + (job == null ? "running job" : "job '" + job + "'") + " at " + rest);
                return 1;
            }
            for (String id : ids) {
                System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(progress(id)));
            }
            if (!watch.isZero()) Thread.sleep(watch.toMillis());
        } while (!watch.isZero());
        return 0;
    }

    private List<String> jobIds() throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            boolean match = job == null ? "RUNNING".equals(j.path("state").asText())
                    : job.equals(j.path("jid").asText()) || job.equals(j.path("name").asText()) && !isEnded(j);
            if (match) ids.add(j.path("jid").asText());
        }
        return ids;
    }

    private static boolean isEnded(JsonNode job) {
        return job.path("end-time").asLong(-1) > 0;
    }

    /** One job's progress, in the shape and vocabulary of Spark's StreamingQueryProgress where it fits. */
    ObjectNode progress(String id) throws IOException, InterruptedException {
        JsonNode details = get("/jobs/" + id);
        long now = System.currentTimeMillis();
        ObjectNode p = json.createObjectNode();
        p.put("id", id);
        p.put("name", details.path("name").asText());
        p.put("status", details.path("state").asText());
        p.put("timestamp", Instant.ofEpochMilli(now).toString());
        p.put("durationMs", details.path("duration").asLong());

        double inputPerSecond = 0, processedPerSecond = 0, kafkaLag = 0, maxBackpressure = 0;
        long numInputRows = 0;
        long minWatermark = Long.MAX_VALUE;
        double[] counters = new double[COUNTERS.size()];
        ArrayNode operators = json.createArrayNode();

        for (JsonNode vertex : details.path("vertices")) {
            String vid = vertex.path("id").asText();
            JsonNode metrics = vertexMetrics(id, vid);
            boolean isSource = vertex.path("name").asText().startsWith("Source");
            double in = sumOf(metrics, "numRecordsInPerSecond");
            double out = sumOf(metrics, "numRecordsOutPerSecond");
            double backpressure = max(metrics, "backPressuredTimeMsPerSecond") / 1000.0;
            long watermark = (long) min(metrics, "currentInputWatermark");
            if (isSource) {
                inputPerSecond += sum(metrics, "Source__", ".numRecordsOutPerSecond");
                numInputRows += (long) sum(metrics, "Source__", ".numRecordsOut");
                kafkaLag += sum(metrics, "", ".pendingRecords");
            } else if (watermark > Long.MIN_VALUE && watermark < minWatermark) {
                minWatermark = watermark;
            }
            // Every job parses its input in one operator: its input rate is the processing rate.
            processedPerSecond += sum(metrics, "Parse_", ".numRecordsInPerSecond");
            for (int i = 0; i < COUNTERS.size(); i++) counters[i] += sum(metrics, "", "." + COUNTERS.get(i));
            maxBackpressure = Math.max(maxBackpressure, backpressure);

            ObjectNode op = operators.addObject();
            op.put("name", vertex.path("name").asText());
            op.put("parallelism", vertex.path("parallelism").asInt());
            op.put("status", vertex.path("status").asText());
            op.put("recordsIn", vertex.path("metrics").path("read-records").asLong());
            op.put("recordsOut", vertex.path("metrics").path("write-records").asLong());
            op.put("inputRowsPerSecond", round(in));
            op.put("outputRowsPerSecond", round(out));
            op.put("backpressured", round(backpressure));
        }
        p.put("numInputRows", numInputRows);
        p.put("inputRowsPerSecond", round(inputPerSecond));
        p.put("processedRowsPerSecond", round(processedPerSecond));
        ObjectNode eventTime = p.putObject("eventTime");
        if (minWatermark != Long.MAX_VALUE && minWatermark > 0) {
            eventTime.put("watermark", Instant.ofEpochMilli(minWatermark).toString());
            eventTime.put("watermarkLagMs", now - minWatermark);
        } else {
            eventTime.putNull("watermark");
        }
        p.put("backpressured", round(maxBackpressure));
        p.put("kafkaLag", (long) kafkaLag);
        ObjectNode custom = p.putObject("metrics");
        for (int i = 0; i < COUNTERS.size(); i++) custom.put(COUNTERS.get(i), (long) counters[i]);
        p.set("lastCheckpoint", lastCheckpoint(id));
        p.set("operators", operators);
        return p;
    }

    private ObjectNode lastCheckpoint(String id) throws IOException, InterruptedException {
        JsonNode cp = get("/jobs/" + id + "/checkpoints");
        JsonNode last = cp.path("latest").path("completed");
        ObjectNode out = json.createObjectNode();
        out.put("completed", cp.path("counts").path("completed").asLong());
        out.put("failed", cp.path("counts").path("failed").asLong());
        if (last.isObject()) {
            out.put("id", last.path("id").asLong());
            out.put("durationMs", last.path("end_to_end_duration").asLong());
            out.put("sizeBytes", last.path("checkpointed_size").asLong());
            out.put("completedAt", Instant.ofEpochMilli(last.path("latest_ack_timestamp").asLong()).toString());
            out.put("path", last.path("external_path").asText());
        }
        return out;
    }

    /** Every metric of a vertex, aggregated over its subtasks (sum, min, max). */
    private JsonNode vertexMetrics(String job, String vertex) throws IOException, InterruptedException {
        String base = "/jobs/" + job + "/vertices/" + vertex + "/subtasks/metrics";
        List<String> names = new ArrayList<>();
        for (JsonNode m : get(base)) names.add(m.path("id").asText());
        List<String> wanted = names.stream().filter(JobStatus::wanted).toList();
        if (wanted.isEmpty()) return json.createArrayNode();
        return get(base + "?agg=sum,min,max&get=" + URLEncoder.encode(String.join(",", wanted), StandardCharsets.UTF_8));
    }

    private static boolean wanted(String metric) {
        return metric.endsWith("numRecordsInPerSecond") || metric.endsWith("numRecordsOutPerSecond")
                || metric.endsWith(".numRecordsOut") || metric.endsWith(".pendingRecords")
                || metric.equals("backPressuredTimeMsPerSecond") || metric.equals("currentInputWatermark")
                || COUNTERS.stream().anyMatch(c -> metric.endsWith("." + c));
    }

    /** A task-level metric (no operator prefix), summed over subtasks. */
    private static double sumOf(JsonNode metrics, String name) {
        for (JsonNode m : metrics) if (name.equals(m.path("id").asText())) return m.path("sum").asDouble();
        return 0;
    }

    private static double sum(JsonNode metrics, String prefix, String suffix) {
        double total = 0;
        for (JsonNode m : metrics) {
            String name = m.path("id").asText();
            if (name.startsWith(prefix) && name.endsWith(suffix)) total += m.path("sum").asDouble();
        }
        return total;
    }

    private static double max(JsonNode metrics, String name) {
        for (JsonNode m : metrics) if (name.equals(m.path("id").asText())) return m.path("max").asDouble();
        return 0;
    }

    private static double min(JsonNode metrics, String name) {
        for (JsonNode m : metrics) if (name.equals(m.path("id").asText())) return m.path("min").asDouble();
        return Long.MIN_VALUE;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rest + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
        return json.readTree(r.body());
    }
}
