package dev.flinkrecipes.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.Main;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;

/**
 * Latency at a fixed input rate: the real job replays the pre-loaded topic (event {@code i} of the
 * seeded generator at event time {@code START + 10 ms * i}, in partition {@code i % 2}) with {@code
 * --max-rate}, so event {@code i} is scheduled at {@code t0 + i / rate} with {@code t0} the moment
 * the source tasks started running, and prints its results; each printed line is stamped with the
 * wall clock as it is written. A result is due when the first event that can move the watermark
 * past it is scheduled ({@code window_end + watermark delay}, or the alert's own event for
 * per-event outputs). Latency = printed - due, so a pipeline falling behind the rate shows as
 * growing latency (no coordinated omission). Windows closed only by the end of the input are left
 * out; one printed result in {@code sampleEvery} is kept (a per-event output would otherwise be
 * parsed millions of times).
 */
final class LatencyRun {
    record Outcome(int samples, double p50, double p99, double max, long checkpointBytes) {}

    private static final long SPACING_MILLIS = (long) (1000 / BenchInputs.EVENTS_PER_SECOND);
    private static final ObjectMapper JSON = new ObjectMapper();

    private LatencyRun() {}

    /**
     * Runs {@code job} on {@code count} generated events at {@code rate}/s; {@code dueField} (an
     * ISO time in each result) plus {@code delayMillis} is the event time whose arrival closes the
     * result.
     */
    static Outcome run(
            MiniCluster cluster,
            String job,
            String[] kafkaSource,
            double rate,
            long count,
            String dueField,
            long delayMillis,
            int sampleEvery)
            throws Exception {
        List<String> printed = new ArrayList<>(); // "<wall millis> <line>", one line in sampleEvery
        PrintStream original = System.out;
        System.setOut(
                new PrintStream(original, true) {
                    private long lines;

                    @Override
                    public void println(String line) {
                        long now = System.currentTimeMillis();
                        if (line != null
                                && line.indexOf('{') >= 0
                                && line.contains("\"" + dueField + "\"")) {
                            synchronized (printed) {
                                if (lines++ % sampleEvery == 0)
                                    printed.add(now + " " + line); // parsed after the run
                            }
                        } else {
                            super.println(line);
                        }
                    }
                });
        JobID id;
        try {
            var before = cluster.listJobs().get().stream().map(j -> j.getJobId()).toList();
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    job,
                                    "--max-rate",
                                    String.valueOf(rate),
                                    "--sink",
                                    "print",
                                    "--format",
                                    "json",
                                    "--parallelism",
                                    "2",
                                    "--checkpoint-interval",
                                    "10s"));
            args.addAll(List.of(kafkaSource));
            int code = Main.run(args.toArray(String[]::new));
            if (code != 0) throw new IllegalStateException(job + " failed");
            id =
                    cluster.listJobs().get().stream()
                            .map(j -> j.getJobId())
                            .filter(j -> !before.contains(j))
                            .findFirst()
                            .orElseThrow();
        } finally {
            System.setOut(original);
        }
        ArchivedExecutionGraph graph = cluster.getArchivedExecutionGraph(id).get();
        long t0 = sourceStarted(graph);
        List<Double> latencies = new ArrayList<>();
        for (String p : printed) {
            long wall = Long.parseLong(p.substring(0, p.indexOf(' ')));
            JsonNode row = JSON.readTree(p.substring(p.indexOf('{')));
            long due = Instant.parse(row.get(dueField).asText()).toEpochMilli() + delayMillis;
            long index =
                    Math.floorDiv(
                            due - BenchInputs.START + SPACING_MILLIS - 1,
                            SPACING_MILLIS); // first event at or after due
            if (index >= count) continue; // closed by the end of the input, not by the watermark
            latencies.add(wall - (t0 + index * 1000.0 / rate));
        }
        latencies.sort(null);
        CompletedCheckpointStats last =
                graph.getCheckpointStatsSnapshot() == null
                        ? null
                        : graph.getCheckpointStatsSnapshot()
                                .getHistory()
                                .getLatestCompletedCheckpoint();
        if (latencies.isEmpty())
            throw new IllegalStateException(job + ": no result closed by the watermark");
        return new Outcome(
                latencies.size(),
                percentile(latencies, 0.50),
                percentile(latencies, 0.99),
                latencies.get(latencies.size() - 1),
                last == null ? -1 : last.getStateSize());
    }

    private static long sourceStarted(ArchivedExecutionGraph graph) {
        long t0 = Long.MAX_VALUE;
        for (AccessExecutionJobVertex v : graph.getVerticesTopologically()) {
            if (!v.getName().startsWith("Source")) continue;
            for (AccessExecutionVertex subtask : v.getTaskVertices()) {
                t0 =
                        Math.min(
                                t0,
                                subtask.getCurrentExecutionAttempt()
                                        .getStateTimestamp(ExecutionState.RUNNING));
            }
        }
        if (t0 == Long.MAX_VALUE || t0 == 0)
            throw new IllegalStateException("no source start time in the job graph");
        return t0;
    }

    private static double percentile(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
