package dev.flinkrecipes.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.testing.Await;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * bench/state-scale's Flink side: {@code user-totals} over an input of many distinct users, or
 * {@code category-analytics} over windows of many distinct users each ({@code --job}), on one state
 * backend, in this JVM's local cluster (1 TaskManager, 2 slots, parallelism 2), as a user runs it
 * (the job's own command line, {@code --source file --sink discard}, user-totals with {@code
 * --state-ttl 0}). The input is read with {@code --watch}, so the job keeps running after it: its
 * state is then the state of every user (user-totals) or of the windows still open
 * (category-analytics: the last two or three, each with its set of users), and it is measured as it
 * stands:
 *
 * <ol>
 *   <li>events/s: the input's events over the time from all tasks running until the keyed operator
 *       has received them all (user-totals: its {@code read-records}, polled every second;
 *       category-analytics, whose keyed operator gets pre-aggregated partials: the sources have
 *       emitted them all and a checkpoint triggered then has completed, see {@link
 *       #waitForSourceAndCheckpoint});
 *   <li>the periodic checkpoints taken meanwhile (every {@code --checkpoint-interval}): sizes,
 *       incremental and full, and durations;
 *   <li>then a full checkpoint ({@link CheckpointType#FULL}, for RocksDB all its files) and a
 *       canonical savepoint, each timed;
 *   <li>heap in use after a GC, and the process's peak resident memory (VmHWM);
 *   <li>the job is cancelled and started again, from the retained full checkpoint and then from the
 *       savepoint: restore time = the keyed operator's slowest subtask from INITIALIZING (state
 *       being restored) to RUNNING.
 * </ol>
 *
 * Appends one row to {@code --out} (TSV, header first) and every checkpoint to {@code
 * --checkpoints} (TSV): bench/state-scale turns them into its report.
 *
 * <pre>
 * StateScale --users N --events N --backend hashmap|rocksdb [--files 10] [--data bench/data]
 *     [--out FILE.tsv] [--checkpoints FILE.tsv] [--managed-memory 1g] [--restore-timeout-s 300]
 *     [--generate-only true] [--job-conf key=value,key=value] [--checkpoint-interval 10s]
 *     [--job-args "--max-rate 50000"]
 * StateScale --job category-analytics --users PER_WINDOW [--windows 6] --backend B [...]
 * </pre>
 *
 * For category-analytics {@code --users} is the number of distinct users in every 5-minute window
 * ({@link UsersPerWindowGenerator}), the input {@code --windows} such windows (users x windows
 * events) in two files, one per reader; {@code --events} and {@code --files} are not used.
 *
 * <p>{@code --job-conf} adds Flink settings to the job's command line ({@code --conf}), e.g. {@code
 * execution.checkpointing.snapshot-compression=false} to measure a restore without the job's
 * default; {@code --job-args} adds options to it (e.g. {@code --max-rate}, to measure the CPU a
 * paced run costs: {@code cpu_s}).
 */
final class StateScale {
    /**
     * The jobs measured: the subcommand, the name its keyed operator's vertex starts with, and
     * arguments of its own.
     */
    enum Job {
        /** Per-user state: one key per distinct user, every user kept. */
        USER_TOTALS("user-totals", "Per-user totals", List.of("--state-ttl", "0")),
        /**
         * Window state: 16 (category, location) keys whose 5-minute panes hold the set of every
         * distinct user of the window (the exact unique_users).
         */
        CATEGORY_ANALYTICS(
                "category-analytics", "Per category and location, 5 min tumbling", List.of());

        final String command;
        final String keyedOperator;
        final List<String> ownArgs;

        Job(String command, String keyedOperator, List<String> ownArgs) {
            this.command = command;
            this.keyedOperator = keyedOperator;
            this.ownArgs = ownArgs;
        }

        static Job of(String command) {
            for (Job j : values()) if (j.command.equals(command)) return j;
            throw new IllegalArgumentException(
                    "--job "
                            + command
                            + ": not a measured job; valid: user-totals, category-analytics");
        }
    }

    /** category-analytics' input: one file per parallel reader (each spans every window). */
    static final int PARALLELISM = 2;

    static final String[] COLUMNS = {
        "backend",
        "users",
        "events",
        "input_mb",
        "process_s",
        "events_per_s",
        "periodic_checkpoints",
        "incr_size_mb_median",
        "incr_size_mb_max",
        "incr_duration_s_median",
        "incr_duration_s_max",
        "state_size_mb_last",
        "full_size_mb",
        "full_duration_s",
        "savepoint_size_mb",
        "savepoint_duration_s",
        "heap_used_mb",
        "rss_peak_processing_mb",
        "restore_checkpoint_s",
        "restore_savepoint_s",
        "rss_peak_mb",
        "cpu_s",
        "note"
    };

    private final MiniCluster cluster;
    private final Job job;
    private final URI rest;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    StateScale(MiniCluster cluster, Job job) throws Exception {
        this.cluster = cluster;
        this.job = job;
        this.rest = cluster.getRestAddress().get();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o =
                new LinkedHashMap<>(
                        Map.of(
                                "--files", "10",
                                "--data", "bench/data",
                                "--out", "bench/data/state-scale/runs.tsv",
                                "--checkpoints", "bench/data/state-scale/checkpoints.tsv",
                                "--managed-memory", "1g",
                                "--checkpoint-interval", "10s",
                                "--restore-timeout-s", "300",
                                "--job-conf", "",
                                "--job", "user-totals",
                                "--windows", "6"));
        o.put("--job-args", ""); // beyond Map.of's ten pairs
        for (int i = 0; i + 1 < args.length; i += 2) o.put(args[i], args[i + 1]);
        Job job = Job.of(o.get("--job"));
        long users = Long.parseLong(o.get("--users"));
        long events;
        Path input;
        if (job == Job.CATEGORY_ANALYTICS) {
            // --users: distinct users per window; every window names each of them once.
            int windows = Integer.parseInt(o.get("--windows"));
            events = users * windows;
            input =
                    BenchInputs.transactionsAtScale(
                            Path.of(o.get("--data")), users, windows, PARALLELISM);
        } else {
            events = Long.parseLong(o.get("--events"));
            input =
                    BenchInputs.usersAtScale(
                            Path.of(o.get("--data")),
                            users,
                            events,
                            Integer.parseInt(o.get("--files")));
        }
        if ("true".equals(o.get("--generate-only"))) {
            System.out.println(input);
            return;
        }
        String backend = o.get("--backend");
        Path work =
                Path.of(o.get("--data"))
                        .resolve("state-scale")
                        .resolve(
                                (job == Job.USER_TOTALS ? "" : job.command + "-")
                                        + backend
                                        + "-"
                                        + users);
        deleteRecursively(work);
        Files.createDirectories(work);

        MiniCluster cluster = startCluster(work, o.get("--managed-memory"));
        int exit = 1;
        Map<String, String> row = new LinkedHashMap<>();
        try {
            StateScale bench = new StateScale(cluster, job);
            for (String c : COLUMNS) row.put(c, "");
            bench.run(
                    row,
                    work,
                    input,
                    users,
                    events,
                    backend,
                    o.get("--checkpoint-interval"),
                    Long.parseLong(o.get("--restore-timeout-s")),
                    Path.of(o.get("--checkpoints")),
                    o.get("--job-conf"),
                    o.get("--job-args"));
            append(Path.of(o.get("--out")), String.join("\t", COLUMNS), row);
            System.out.println(row);
            exit = 0;
        } catch (Exception e) {
            e.printStackTrace();
            // What was measured before the failure, and the failure.
            row.put("note", String.valueOf(e).replaceAll("\\s+", " "));
            append(Path.of(o.get("--out")), String.join("\t", COLUMNS), row);
        } finally {
            TestStreamEnvironment.unsetAsContext();
            cluster.close();
            // A cancelled job's client threads must not keep the JVM, nor a failed run's.
            System.exit(exit);
        }
    }

    /**
     * The local cluster of both state benchmarks: REST on a free port with metrics refreshed every
     * second, a long checkpoint history, checkpoints and savepoints under {@code work}, retained on
     * cancellation, {@code managedMemory} for RocksDB.
     */
    static MiniCluster startCluster(Path work, String managedMemory) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
        conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 10_000);
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                work.resolve("checkpoints").toUri().toString());
        conf.set(
                CheckpointingOptions.SAVEPOINT_DIRECTORY,
                work.resolve("savepoints").toUri().toString());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse(managedMemory));
        return Benchmark.startCluster(conf);
    }

    void run(
            Map<String, String> row,
            Path work,
            Path input,
            long users,
            long events,
            String backend,
            String checkpointInterval,
            long restoreTimeoutSeconds,
            Path checkpointsTsv,
            String jobConf,
            String jobArgs)
            throws Exception {
        row.put("backend", backend);
        row.put("users", Long.toString(users));
        row.put("events", Long.toString(events));
        row.put("input_mb", mb(sizeOf(input)));
        List<String> job =
                new ArrayList<>(
                        List.of(
                                this.job.command,
                                "--source",
                                "file",
                                "--input",
                                input.toString(),
                                "--watch",
                                "1h",
                                "--sink",
                                "discard",
                                "--parallelism",
                                Integer.toString(PARALLELISM),
                                "--checkpoint-interval",
                                checkpointInterval,
                                "--state-backend",
                                backend,
                                // The job's own setting counts, not the cluster's: the last
                                // checkpoint must outlive the cancel to be restored.
                                "--conf",
                                "execution.checkpointing.externalized-checkpoint-retention="
                                        + "RETAIN_ON_CANCELLATION",
                                "--quiet"));
        // user-totals: every user kept, as Spark's side keeps them.
        job.addAll(this.job.ownArgs);
        if (!jobArgs.isBlank()) job.addAll(List.of(jobArgs.strip().split("\\s+")));
        for (String setting : jobConf.split(",")) {
            if (!setting.isBlank()) job.addAll(List.of("--conf", setting.strip()));
        }
        // Settings other than the report's: said next to the numbers and the checkpoints.
        String settings =
                Stream.of(
                                checkpointInterval.equals("10s")
                                        ? ""
                                        : "--checkpoint-interval " + checkpointInterval,
                                jobConf.isBlank() ? "" : "--conf " + jobConf,
                                jobArgs.strip())
                        .filter(setting -> !setting.isBlank())
                        .collect(Collectors.joining(" "));
        row.put("note", settings);

        // ---- all the events in, with periodic checkpoints ----
        Started first = start(job);
        long running = allRunning(first.id(), Long.MAX_VALUE);
        long cpuAtStart = processCpuNanos();
        long done =
                this.job == Job.USER_TOTALS
                        ? waitForRecords(first.id(), events)
                        : waitForSourceAndCheckpoint(first.id(), events);
        double seconds = (done - running) / 1000.0;
        row.put("process_s", fmt(seconds));
        // This JVM's CPU while the events went in (the cluster runs in it): the cost of a paced
        // run.
        row.put("cpu_s", fmt((processCpuNanos() - cpuAtStart) / 1e9));
        row.put("events_per_s", String.format(Locale.ROOT, "%.0f", events / seconds));
        row.put("rss_peak_processing_mb", Long.toString(vmKb("VmHWM") / 1024));
        List<CompletedCheckpointStats> periodic = completed(first.id());
        row.put("periodic_checkpoints", Integer.toString(periodic.size()));
        // The first checkpoint of an incremental backend uploads everything: it is not an
        // incremental one.
        List<CompletedCheckpointStats> incremental =
                periodic.size() > 1 ? periodic.subList(1, periodic.size()) : periodic;
        row.put(
                "incr_size_mb_median",
                mb(median(incremental.stream().mapToLong(c -> c.getCheckpointedSize()).toArray())));
        row.put(
                "incr_size_mb_max",
                mb(incremental.stream().mapToLong(c -> c.getCheckpointedSize()).max().orElse(0)));
        row.put(
                "incr_duration_s_median",
                fmt(
                        median(
                                        incremental.stream()
                                                .mapToLong(c -> c.getEndToEndDuration())
                                                .toArray())
                                / 1000.0));
        row.put(
                "incr_duration_s_max",
                fmt(
                        incremental.stream().mapToLong(c -> c.getEndToEndDuration()).max().orElse(0)
                                / 1000.0));
        if (!periodic.isEmpty()) {
            row.put("state_size_mb_last", mb(periodic.get(periodic.size() - 1).getStateSize()));
        }

        // ---- a full checkpoint and a savepoint of every user's state ----
        long fullId = cluster.triggerCheckpoint(first.id(), CheckpointType.FULL).get();
        CompletedCheckpointStats full = stats(first.id(), fullId);
        row.put("full_size_mb", mb(full.getCheckpointedSize()));
        row.put("full_duration_s", fmt(full.getEndToEndDuration() / 1000.0));
        String savepoint =
                cluster.triggerSavepoint(first.id(), null, false, SavepointFormatType.CANONICAL)
                        .get();
        CompletedCheckpointStats sp =
                graph(first.id()).getCheckpointStatsSnapshot().getHistory().getLatestSavepoint();
        row.put("savepoint_size_mb", mb(sp.getStateSize()));
        row.put("savepoint_duration_s", fmt(sp.getEndToEndDuration() / 1000.0));
        writeCheckpoints(
                checkpointsTsv,
                settings.isEmpty() ? backend : backend + " " + settings,
                users,
                running,
                completed(first.id()));
        System.gc();
        row.put(
                "heap_used_mb",
                Long.toString(
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20));
        stop(first);

        // ---- restores: from the last checkpoint (retained on cancel), then from the savepoint
        // ----
        row.put(
                "restore_checkpoint_s",
                restore(job, lastRetained(work.resolve("checkpoints")), restoreTimeoutSeconds));
        row.put("restore_savepoint_s", restore(job, savepoint, restoreTimeoutSeconds));
        row.put("rss_peak_mb", Long.toString(vmKb("VmHWM") / 1024));
    }

    /** The newest checkpoint under {@code checkpoints} (its chk-N folder). */
    static String lastRetained(Path checkpoints) throws IOException {
        try (Stream<Path> all = Files.walk(checkpoints, 2)) {
            return all.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.exists(p.resolve("_metadata")))
                    .max(
                            Comparator.comparingLong(
                                    p -> Long.parseLong(p.getFileName().toString().substring(4))))
                    .orElseThrow()
                    .toUri()
                    .toString();
        }
    }

    /** A job started in its own thread (its client blocks until the job ends). */
    record Started(JobID id, Thread client) {}

    Started start(List<String> args) throws Exception {
        Set<JobID> before = new HashSet<>();
        for (JobStatusMessage j : cluster.listJobs().get()) before.add(j.getJobId());
        Thread client = new Thread(() -> Main.run(args.toArray(String[]::new)), "job-client");
        client.setDaemon(true);
        client.start();
        JobID[] started = new JobID[1];
        Await.untilChecked(
                "the job to start",
                Duration.ofMinutes(10),
                () -> {
                    for (JobStatusMessage j : cluster.listJobs().get())
                        if (!before.contains(j.getJobId())) started[0] = j.getJobId();
                    if (started[0] == null && !client.isAlive())
                        throw new IllegalStateException("the job did not start");
                    return started[0] != null;
                },
                () -> "");
        return new Started(started[0], client);
    }

    void stop(Started job) throws Exception {
        cluster.cancelJob(job.id()).get();
        cluster.requestJobResult(job.id()).get();
        job.client().join(TimeUnit.SECONDS.toMillis(30));
    }

    /**
     * Seconds from the submission of a job restoring {@code path} until its keyed operator runs:
     * the slowest subtask's INITIALIZING-to-RUNNING time, or "&gt; timeout".
     */
    String restore(List<String> job, String path, long timeoutSeconds) {
        try {
            return restoreOnce(job, path, timeoutSeconds);
        } catch (Exception e) {
            e.printStackTrace();
            return "failed: " + e.getClass().getSimpleName();
        }
    }

    private String restoreOnce(List<String> job, String path, long timeoutSeconds)
            throws Exception {
        List<String> args = new ArrayList<>(job);
        args.addAll(List.of("--conf", "execution.state-recovery.path=" + path));
        Started restored = start(args);
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(timeoutSeconds);
        try {
            if (allRunning(restored.id(), deadline) < 0) return "> " + timeoutSeconds;
            long slowest = 0;
            for (AccessExecutionVertex v : keyedVertex(graph(restored.id())).getTaskVertices()) {
                slowest =
                        Math.max(
                                slowest,
                                v.getStateTimestamp(ExecutionState.RUNNING)
                                        - v.getStateTimestamp(ExecutionState.INITIALIZING));
            }
            return fmt(slowest / 1000.0);
        } finally {
            stop(restored);
        }
    }

    /** Waits until every task of the job runs; returns when (-1 after the deadline). */
    long allRunning(JobID id, long deadline) throws Exception {
        long[] running = {-1};
        try {
            Await.untilChecked(
                    "every task of " + id + " running",
                    Duration.ofMillis(
                            Math.min(
                                    Duration.ofDays(1).toMillis(),
                                    deadline - System.currentTimeMillis())),
                    () -> {
                        AccessExecutionGraph g = graph(id);
                        if (g.getState().isGloballyTerminalState()) {
                            throw new IllegalStateException(
                                    "job " + id + " ended: " + g.getState());
                        }
                        long latest = 0;
                        // An initializing job's graph has no vertices yet: not running.
                        boolean all = !g.getAllVertices().isEmpty();
                        for (AccessExecutionJobVertex jv : g.getAllVertices().values()) {
                            for (AccessExecutionVertex v : jv.getTaskVertices()) {
                                all &= v.getExecutionState() == ExecutionState.RUNNING;
                                latest =
                                        Math.max(
                                                latest,
                                                v.getStateTimestamp(ExecutionState.RUNNING));
                            }
                        }
                        if (all) running[0] = latest;
                        return all;
                    },
                    () -> "");
        } catch (AssertionError pastTheDeadline) {
            return -1;
        }
        return running[0];
    }

    /** Waits until the per-user operator has received {@code events} records; returns when. */
    long waitForRecords(JobID id, long events) throws Exception {
        return waitUntilCounted(
                id,
                events,
                () -> {
                    for (JsonNode v : getJson("/jobs/" + id).path("vertices")) {
                        if (v.path("name").asText().startsWith(job.keyedOperator)) {
                            return v.path("metrics").path("read-records").asLong();
                        }
                    }
                    return -1L;
                });
    }

    /**
     * A job that combines events before its keyed operator (category-analytics' pre-aggregation)
     * sends that operator partials, not events, and only at watermarks and checkpoints: waits until
     * the sources have emitted {@code events} records (the chained pre-aggregation has taken them;
     * backpressure from the keyed operator holds the sources back), then for a checkpoint, which
     * flushes the partials into the keyed state; returns when it completed.
     */
    long waitForSourceAndCheckpoint(JobID id, long events) throws Exception {
        waitUntilCounted(id, events, () -> sourceRecordsOut(id));
        cluster.triggerCheckpoint(id, CheckpointType.CONFIGURED).get();
        return System.currentTimeMillis();
    }

    /** The records the job's sources have emitted so far, -1 while the metric is not there. */
    long sourceRecordsOut(JobID id) throws Exception {
        for (JsonNode v : getJson("/jobs/" + id).path("vertices")) {
            if (!v.path("name").asText().startsWith("Source")) continue;
            String metrics = "/jobs/" + id + "/vertices/" + v.path("id").asText();
            for (JsonNode m : getJson(metrics + "/subtasks/metrics")) {
                String name = m.path("id").asText();
                if (name.startsWith("Source") && name.endsWith(".numRecordsOut")) {
                    JsonNode sum = getJson(metrics + "/subtasks/metrics?agg=sum&get=" + name);
                    return sum.size() > 0 ? sum.get(0).path("sum").asLong() : -1;
                }
            }
        }
        return -1;
    }

    /** Waits until {@code counted} reaches {@code events}, polled; returns when. */
    long waitUntilCounted(JobID id, long events, Callable<Long> counted) throws Exception {
        long[] last = {-1}, lastPrinted = {0}, at = {0};
        Await.untilChecked(
                events + " events read",
                Duration.ofDays(1),
                () -> {
                    // The REST answers from a cache a few seconds old: its state may lag behind.
                    if (graph(id).getState().isGloballyTerminalState()) {
                        throw new IllegalStateException(
                                "job " + id + " ended: " + graph(id).getState());
                    }
                    last[0] = counted.call();
                    long now = System.currentTimeMillis();
                    if (now - lastPrinted[0] > 10_000) {
                        System.out.printf(Locale.ROOT, "%,d of %,d events in%n", last[0], events);
                        lastPrinted[0] = now;
                    }
                    at[0] = now;
                    return last[0] >= events;
                },
                () -> "");
        return at[0];
    }

    AccessExecutionGraph graph(JobID id) throws Exception {
        return cluster.getExecutionGraph(id).get();
    }

    AccessExecutionJobVertex keyedVertex(AccessExecutionGraph g) {
        return g.getAllVertices().values().stream()
                .filter(v -> v.getName().startsWith(job.keyedOperator))
                .findFirst()
                .orElseThrow();
    }

    List<CompletedCheckpointStats> completed(JobID id) throws Exception {
        List<CompletedCheckpointStats> out = new ArrayList<>();
        for (AbstractCheckpointStats c :
                graph(id).getCheckpointStatsSnapshot().getHistory().getCheckpoints()) {
            if (c.getStatus() == CheckpointStatsStatus.COMPLETED
                    && !c.getProperties().isSavepoint()) {
                out.add((CompletedCheckpointStats) c);
            }
        }
        out.sort(Comparator.comparingLong(AbstractCheckpointStats::getCheckpointId));
        return out;
    }

    CompletedCheckpointStats stats(JobID id, long checkpointId) throws Exception {
        for (CompletedCheckpointStats c : completed(id)) {
            if (c.getCheckpointId() == checkpointId) return c;
        }
        throw new IllegalStateException("no stats for checkpoint " + checkpointId);
    }

    /** Every completed checkpoint: backend, users, seconds since the start, sizes, duration. */
    static void writeCheckpoints(
            Path tsv, String backend, long users, long start, List<CompletedCheckpointStats> cps)
            throws IOException {
        StringBuilder lines = new StringBuilder();
        for (CompletedCheckpointStats c : cps) {
            lines.append(
                    String.format(
                            Locale.ROOT,
                            "%s\t%d\t%d\t%.1f\t%s\t%s\t%.2f%n",
                            backend,
                            users,
                            c.getCheckpointId(),
                            (c.getTriggerTimestamp() - start) / 1000.0,
                            mb(c.getStateSize()),
                            mb(c.getCheckpointedSize()),
                            c.getEndToEndDuration() / 1000.0));
        }
        appendLines(
                tsv,
                "backend\tusers\tid\tat_s\tstate_size_mb\tcheckpointed_mb\tduration_s",
                lines.toString());
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(rest.resolve(path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        return json.readTree(r.body());
    }

    static void append(Path tsv, String header, Map<String, String> row) throws IOException {
        appendLines(tsv, header, String.join("\t", row.values()) + "\n");
    }

    static void appendLines(Path tsv, String header, String lines) throws IOException {
        Files.createDirectories(tsv.toAbsolutePath().getParent());
        if (!Files.exists(tsv)) Files.writeString(tsv, header + "\n");
        Files.writeString(tsv, lines, StandardOpenOption.APPEND);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A field of /proc/self/status in kB (VmHWM: the peak resident set). */
    static long vmKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static long median(long[] values) {
        if (values.length == 0) return 0;
        long[] v = values.clone();
        java.util.Arrays.sort(v);
        return v[v.length / 2];
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }

    static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jsonl"))
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
