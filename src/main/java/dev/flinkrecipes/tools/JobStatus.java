package dev.flinkrecipes.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkrecipes.core.ops.ParseOrDeadLetter;
import dev.flinkrecipes.core.options.DurationConverter;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Spark's {@code query.lastProgress} for a Flink job, read from the cluster's REST API: input and
 * processing rates, records in and out, the watermark and its lag, the last checkpoint,
 * backpressure, Kafka lag and the project's own counters (dead letters, late records, alerts,
 * window results).
 */
@Command(
        name = "job-status",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "A running job's progress as JSON, like Spark's lastProgress (client tool).",
        description = {
            "Prints a running job's progress as JSON, like Spark's lastProgress, from the REST"
                    + " API.",
            "Not a Flink job: it runs in the client JVM."
        })
public final class JobStatus implements Callable<Integer> {
    /** The project's counters, summed over every operator and subtask that has them. */
    static final List<String> COUNTERS =
            List.of("deadLetters", "lateRecords", "alertsEmitted", "windowResults");

    @Option(
            names = "--rest",
            description = "The JobManager's REST address. Default: ${DEFAULT-VALUE}.")
    String rest = "http://localhost:8081";

    @Option(
            names = "--job",
            description =
                    "Job name or id. Default: every running job. A name that no running job has"
                            + " gives the last job of that name, ended or not (a failed job's"
                            + " status says why it failed).")
    String job;

    @Option(
            names = "--watch",
            converter = DurationConverter.class,
            description =
                    "Print again at this interval until stopped (like recentProgress). Default:"
                            + " once.")
    Duration watch = Duration.ZERO;

    /** States in which the job's last failure is what its status is about. */
    static final Set<String> FAILING = Set.of("FAILED", "FAILING", "RESTARTING");

    /**
     * Between two reads while waiting for the REST API's metrics to be refreshed: the rates' timing
     * error.
     */
    static final long POLL_MILLIS = 100;

    /**
     * Beyond the refresh interval, how long to wait for a refresh before saying that nothing moved.
     */
    static final long GRACE_MILLIS = 3000;

    /**
     * A metric only a source reader has: it tells the source operators of a vertex apart, whatever
     * their names.
     */
    static final String SOURCE_ONLY = ".numRecordsInErrors";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    /** Per job, the last refresh read, where the next reading's rates start (--watch). */
    private final Map<String, Sample> last = new HashMap<>();

    private long fetchInterval = -1;

    @Override
    public Integer call() throws Exception {
        do {
            long started = System.currentTimeMillis();
            List<String> ids = jobIds();
            if (ids.isEmpty()) {
                System.err.println(
                        "job-status: no "
                                + (job == null ? "running job" : "job '" + job + "'")
                                + " at "
                                + rest);
                return 1;
            }
            for (String id : ids) {
                System.out.println(
                        json.writerWithDefaultPrettyPrinter().writeValueAsString(progress(id)));
            }
            // A reading waits for a refresh of the REST metrics already: wait only what is left of
            // --watch.
            if (!watch.isZero())
                Thread.sleep(
                        Math.max(0, watch.toMillis() - (System.currentTimeMillis() - started)));
        } while (!watch.isZero());
        return 0;
    }

    private List<String> jobIds() throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        JsonNode lastEnded = null;
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            boolean named = job != null && job.equals(j.path("name").asText());
            boolean match =
                    job == null
                            ? "RUNNING".equals(j.path("state").asText())
                            : job.equals(j.path("jid").asText()) || named && !isEnded(j);
            if (match) ids.add(j.path("jid").asText());
            if (named
                    && isEnded(j)
                    && (lastEnded == null
                            || j.path("start-time").asLong()
                                    > lastEnded.path("start-time").asLong())) lastEnded = j;
        }
        // A job that has failed is still the one its user asks about by name.
        if (ids.isEmpty() && lastEnded != null) ids.add(lastEnded.path("jid").asText());
        return ids;
    }

    private static boolean isEnded(JsonNode job) {
        return job.path("end-time").asLong(-1) > 0;
    }

    /**
     * One job's progress, in the shape and vocabulary of Spark's StreamingQueryProgress where it
     * fits.
     *
     * <p>Rates are the change of the cumulative counters ({@code numRecordsOut} of the sources,
     * {@code numRecordsIn} of the parse operators, every vertex's records in and out) between two
     * refreshes of the REST API's metrics, divided by the time between them, and say which interval
     * they cover ({@code sampledOver}). Not Flink's {@code ...PerSecond} meters: those average the
     * last 60 s (far too low for a minute after a start or a change of rate), and the REST API
     * serves every metric from a cache it refreshes at most every {@code
     * metrics.fetcher.update-interval} (10 s), so two polls within it read the same numbers. A
     * reading therefore waits for a refresh (up to that interval, twice for the first one; {@code
     * --watch} goes on from the last one), and times each refresh by the last request that still
     * saw the old numbers.
     */
    ObjectNode progress(String id) throws IOException, InterruptedException {
        JsonNode details = get("/jobs/" + id);
        Sample from = last.get(id);
        if (from == null)
            from = nextRefresh(id, details, read(id, details, System.currentTimeMillis()));
        Sample to = nextRefresh(id, details, from);
        last.put(id, to);

        ObjectNode p = json.createObjectNode();
        p.put("id", id);
        p.put("name", details.path("name").asText());
        p.put("status", details.path("state").asText());
        if (FAILING.contains(details.path("state").asText()))
            failure(id).ifPresent(why -> p.put("failure", why));
        p.put("timestamp", Instant.ofEpochMilli(to.at).toString());
        p.put("durationMs", details.path("duration").asLong());

        double seconds = (to.at - from.at) / 1000.0;
        boolean newData = to.changed;
        p.put("numInputRows", (long) to.sourceRecords);
        p.put(
                "inputRowsPerSecond",
                newData ? round((to.sourceRecords - from.sourceRecords) / seconds) : 0);
        p.put(
                "processedRowsPerSecond",
                newData ? round((to.parsedRecords - from.parsedRecords) / seconds) : 0);
        ObjectNode sampled = p.putObject("sampledOver");
        sampled.put("from", Instant.ofEpochMilli(from.at).toString());
        sampled.put("to", Instant.ofEpochMilli(to.at).toString());
        sampled.put("seconds", round(seconds));
        sampled.put("inputRows", (long) (to.sourceRecords - from.sourceRecords));
        if (!newData) {
            p.put(
                    "note",
                    "no new records since "
                            + Instant.ofEpochMilli(from.at)
                            + " (the metrics were refreshed since)");
        }

        double kafkaLag = 0, maxBackpressure = 0;
        long minWatermark = Long.MAX_VALUE;
        double[] counters = new double[COUNTERS.size()];
        ArrayNode operators = json.createArrayNode();
        for (JsonNode vertex : details.path("vertices")) {
            String vid = vertex.path("id").asText();
            JsonNode metrics = to.metrics.get(vid);
            boolean isSource = !sourceOperators(metrics).isEmpty();
            double backpressure = max(metrics, "backPressuredTimeMsPerSecond") / 1000.0;
            long watermark = (long) min(metrics, "currentInputWatermark");
            if (isSource) {
                kafkaLag += sum(metrics, "", ".pendingRecords");
            } else if (watermark > Long.MIN_VALUE && watermark < minWatermark) {
                minWatermark = watermark;
            }
            for (int i = 0; i < COUNTERS.size(); i++)
                counters[i] += sum(metrics, "", "." + COUNTERS.get(i));
            maxBackpressure = Math.max(maxBackpressure, backpressure);

            ObjectNode op = operators.addObject();
            op.put("name", vertex.path("name").asText());
            op.put("parallelism", vertex.path("parallelism").asInt());
            op.put("status", vertex.path("status").asText());
            double in = sumOf(metrics, "numRecordsIn"), out = sumOf(metrics, "numRecordsOut");
            op.put("recordsIn", (long) in);
            op.put("recordsOut", (long) out);
            op.put(
                    "inputRowsPerSecond",
                    newData
                            ? round((in - sumOf(from.metrics.get(vid), "numRecordsIn")) / seconds)
                            : 0);
            op.put(
                    "outputRowsPerSecond",
                    newData
                            ? round((out - sumOf(from.metrics.get(vid), "numRecordsOut")) / seconds)
                            : 0);
            op.put("backpressured", round(backpressure));
        }
        ObjectNode eventTime = p.putObject("eventTime");
        if (minWatermark != Long.MAX_VALUE && minWatermark > 0) {
            eventTime.put("watermark", Instant.ofEpochMilli(minWatermark).toString());
            eventTime.put("watermarkLagMs", to.at - minWatermark);
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

    /**
     * Why the job failed last, in one line, from its exception history (the Web UI's Exceptions
     * tab): the first exception of the root exception's chain that is not Flink's own wrapping
     * ("The failure is not recoverable", "Global failure triggered by OperatorCoordinator ..."), or
     * the innermost one if all are. Empty while nothing has failed.
     */
    Optional<String> failure(String id) throws IOException, InterruptedException {
        JsonNode entries =
                get("/jobs/" + id + "/exceptions").path("exceptionHistory").path("entries");
        if (entries.isEmpty()) return Optional.empty();
        List<String> chain = new ArrayList<>();
        for (String line : entries.get(0).path("stacktrace").asText().lines().toList()) {
            if (chain.isEmpty() && !line.isBlank()) chain.add(line);
            else if (line.startsWith("Caused by: ")) chain.add(line.substring(11));
        }
        if (chain.isEmpty()) return Optional.of(entries.get(0).path("exceptionName").asText());
        return Optional.of(
                chain.stream()
                        .filter(e -> !e.startsWith("org.apache.flink."))
                        .findFirst()
                        .orElse(chain.get(chain.size() - 1)));
    }

    /**
     * A job's metrics as the REST API last refreshed them: every vertex's, aggregated over its
     * subtasks, with the record counts that rates are made of; {@code at} is when the REST API read
     * them from the TaskManagers.
     */
    record Sample(
            long at,
            Map<String, JsonNode> metrics,
            double sourceRecords,
            double parsedRecords,
            double allRecords,
            boolean changed) {
        Sample at(long time, boolean changed) {
            return new Sample(time, metrics, sourceRecords, parsedRecords, allRecords, changed);
        }
    }

    /**
     * The job's metrics now, as the REST API has them (maybe up to its refresh interval old),
     * stamped {@code asked}.
     */
    private Sample read(String id, JsonNode details, long asked)
            throws IOException, InterruptedException {
        Map<String, JsonNode> metrics = new HashMap<>();
        double source = 0, parsed = 0, all = 0;
        for (JsonNode vertex : details.path("vertices")) {
            JsonNode m = vertexMetrics(id, vertex.path("id").asText());
            metrics.put(vertex.path("id").asText(), m);
            for (String op : sourceOperators(m)) source += sum(m, op, ".numRecordsOut");
            // Every job parses its input in one operator, which counts what it took in (its own
            // metric, whatever the operator's name): what the job processed.
            parsed += sum(m, "", "." + ParseOrDeadLetter.RECORDS_IN_METRIC);
        }
        // What tells a refresh with new data: records read and parsed. Not every operator's
        // counts: a sink's writer hands its committer a summary every checkpoint, records or not,
        // so an idle job's counts would move forever.
        all = source + parsed;
        return new Sample(asked, metrics, source, parsed, all, true);
    }

    /**
     * Polls until the REST API's metrics are refreshed (a record count changes), and stamps the new
     * numbers with the last request that still saw the old ones: the refresh happened after it,
     * within one poll. If nothing changes for longer than the refresh interval, no record moved:
     * {@code previous}'s numbers, now, unchanged.
     */
    private Sample nextRefresh(String id, JsonNode details, Sample previous)
            throws IOException, InterruptedException {
        long giveUp = System.currentTimeMillis() + fetchIntervalMillis() + GRACE_MILLIS;
        long lastUnchanged = previous.at;
        while (true) {
            long asked = System.currentTimeMillis();
            Sample now = read(id, details, asked);
            if (now.allRecords != previous.allRecords) {
                // The REST API stores a refresh metric by metric: read until two reads agree, not
                // half of one.
                for (Sample again = now; ; now = again) {
                    Thread.sleep(POLL_MILLIS);
                    again = read(id, details, System.currentTimeMillis());
                    if (again.allRecords == now.allRecords) return now.at(lastUnchanged, true);
                }
            }
            if (asked > giveUp) return now.at(asked, false);
            lastUnchanged = asked;
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * The REST API's metric cache refresh interval ({@code metrics.fetcher.update-interval}, 10 s
     * by default).
     */
    private long fetchIntervalMillis() throws IOException, InterruptedException {
        if (fetchInterval < 0) {
            fetchInterval = 10_000;
            for (JsonNode e : get("/jobmanager/config")) {
                if ("metrics.fetcher.update-interval".equals(e.path("key").asText())) {
                    fetchInterval = TimeUtils.parseDuration(e.path("value").asText()).toMillis();
                }
            }
        }
        return fetchInterval;
    }

    /**
     * The metric name prefixes of a vertex's source operators: the ones with a source reader's own
     * counters.
     */
    private static List<String> sourceOperators(JsonNode metrics) {
        List<String> prefixes = new ArrayList<>();
        for (JsonNode m : metrics) {
            String name = m.path("id").asText();
            if (name.endsWith(SOURCE_ONLY))
                prefixes.add(name.substring(0, name.length() - SOURCE_ONLY.length()));
        }
        return prefixes;
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
            out.put(
                    "completedAt",
                    Instant.ofEpochMilli(last.path("latest_ack_timestamp").asLong()).toString());
            out.put("path", last.path("external_path").asText());
        }
        return out;
    }

    /** Every metric of a vertex, aggregated over its subtasks (sum, min, max). */
    private JsonNode vertexMetrics(String job, String vertex)
            throws IOException, InterruptedException {
        String base = "/jobs/" + job + "/vertices/" + vertex + "/subtasks/metrics";
        List<String> names = new ArrayList<>();
        for (JsonNode m : get(base)) names.add(m.path("id").asText());
        List<String> wanted = names.stream().filter(JobStatus::wanted).toList();
        if (wanted.isEmpty()) return json.createArrayNode();
        return get(
                base
                        + "?agg=sum,min,max&get="
                        + URLEncoder.encode(String.join(",", wanted), StandardCharsets.UTF_8));
    }

    private static boolean wanted(String metric) {
        return metric.equals("numRecordsIn")
                || metric.equals("numRecordsOut")
                || metric.endsWith(SOURCE_ONLY)
                || metric.endsWith(".numRecordsOut")
                || metric.endsWith(".numRecordsIn")
                || metric.endsWith(".pendingRecords")
                || metric.endsWith("." + ParseOrDeadLetter.RECORDS_IN_METRIC)
                || metric.equals("backPressuredTimeMsPerSecond")
                || metric.equals("currentInputWatermark")
                || COUNTERS.stream().anyMatch(c -> metric.endsWith("." + c));
    }

    /** A task-level metric (no operator prefix), summed over subtasks. */
    private static double sumOf(JsonNode metrics, String name) {
        if (metrics == null) return 0;
        for (JsonNode m : metrics)
            if (name.equals(m.path("id").asText())) return m.path("sum").asDouble();
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
        for (JsonNode m : metrics)
            if (name.equals(m.path("id").asText())) return m.path("max").asDouble();
        return 0;
    }

    private static double min(JsonNode metrics, String name) {
        for (JsonNode m : metrics)
            if (name.equals(m.path("id").asText())) return m.path("min").asDouble();
        return Long.MIN_VALUE;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(rest + path))
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200)
            throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
        return json.readTree(r.body());
    }
}
