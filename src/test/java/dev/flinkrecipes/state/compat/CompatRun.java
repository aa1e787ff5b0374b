package dev.flinkrecipes.state.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.RunSummary;
import dev.flinkrecipes.state.compat.CompatCase.CompatInput;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.Checkpoints;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaBroker;
import dev.flinkrecipes.testing.KafkaTopics;
import dev.flinkrecipes.testing.StateSnapshots;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Runs a compatibility case's job on a MiniCluster and a Kafka broker until it has read a given
 * number of events and committed their results, then stops it: cancelled, or stopped with a
 * canonical savepoint.
 */
final class CompatRun {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ClusterClient<?> client;
    private final String bootstrap;
    private final CompatCase compat;

    /** The state backend the JobManager reported for the last run. */
    String reportedStateBackend;

    /**
     * The tests' MiniCluster, its TaskManager reporting accumulators every 500 ms (the default
     * heartbeat, 10 s, would make each run wait that long).
     */
    static MiniClusterExtension cluster() {
        Configuration conf = new Configuration();
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(500));
        return FlinkCluster.create(conf);
    }

    CompatRun(ClusterClient<?> client, String bootstrap, CompatCase compat) {
        this.client = client;
        this.bootstrap = bootstrap;
        this.compat = compat;
    }

    /**
     * Why the job failed or restarted, as the Web UI shows it (REST exception history): its first
     * failure's deepest cause (e.g. the state that cannot be restored), then the exception and its
     * causes; null while it has not failed.
     */
    private String failure(JobID job) throws Exception {
        URI uri = URI.create(client.getWebInterfaceURL() + "/jobs/" + job + "/exceptions");
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) return null; // not yet known to the REST handlers
        JsonNode entries =
                JsonlFiles.parse(response.body()).path("exceptionHistory").path("entries");
        if (entries.isEmpty()) return null;
        // Newest first: the first failure is the last entry (a restore that fails repeats it).
        String trace = entries.path(entries.size() - 1).path("stacktrace").asText("");
        List<String> chain = trace.lines().filter(l -> !l.startsWith("\t")).toList();
        String deepest =
                chain.stream()
                        .filter(l -> l.startsWith("Caused by: "))
                        .reduce((first, second) -> second)
                        .map(l -> l.substring("Caused by: ".length()))
                        .orElse(chain.isEmpty() ? "?" : chain.get(0));
        return deepest + "\nthe job's exception and its causes:\n" + String.join("\n", chain);
    }

    /**
     * The records the job has read ({@link RunSummary#RECORDS_IN}, which the TaskManager reports
     * with each heartbeat).
     */
    private long recordsRead(JobID job) throws Exception {
        return client.getAccumulators(job).get().get(RunSummary.RECORDS_IN) instanceof Long n
                ? n
                : 0;
    }

    /**
     * The job once it runs; a job that cannot start (e.g. a savepoint with state of a uid the job
     * no longer has) ends its run at once, which fails here rather than after a wait.
     */
    private JobID running(CompletableFuture<Integer> run, String failedAs) throws Exception {
        JobID[] id = new JobID[1];
        Await.untilChecked(
                compat + " running",
                Duration.ofSeconds(60),
                () -> {
                    if (run.isDone())
                        throw new JobFailed(
                                failedAs
                                        + "it did not start (exit code "
                                        + run.join()
                                        + "; the log above says why)");
                    for (JobStatusMessage j : client.listJobs().get()) {
                        if (j.getJobState() == JobStatus.RUNNING) id[0] = j.getJobId();
                    }
                    return id[0] != null;
                },
                () -> "");
        return id[0];
    }

    /** The job failed or restarted: the test fails with why. */
    private static final class JobFailed extends AssertionError {
        JobFailed(String message) {
            super(message);
        }
    }

    /**
     * Writes the events of each input: to its topic, one partition, in order; or as one more file
     * in its folder ({@code <input>-<n>.txt}, n counting the files there).
     */
    static void produce(String bootstrap, CompatCase compat, Map<CompatInput, List<String>> lines)
            throws IOException {
        try (KafkaProducer<String, String> producer = KafkaTopics.producer(bootstrap)) {
            for (Map.Entry<CompatInput, List<String>> input : lines.entrySet()) {
                CompatInput in = input.getKey();
                if (in.inFiles()) {
                    Path folder = Files.createDirectories(compat.folder(in));
                    long n;
                    try (Stream<Path> files = Files.list(folder)) {
                        n = files.count();
                    }
                    // Written hidden, then renamed: the job may be watching the folder.
                    Path hidden = folder.resolve("." + in.name() + "-" + n + ".txt");
                    Files.write(hidden, input.getValue());
                    Files.move(
                            hidden,
                            folder.resolve(in.name() + "-" + n + ".txt"),
                            StandardCopyOption.ATOMIC_MOVE);
                } else {
                    for (String e : input.getValue())
                        KafkaTopics.send(producer, compat.topic(in), null, e);
                }
            }
            producer.flush();
        }
    }

    /**
     * Creates the inputs' topics, and empties their folders (a file input's), which this JVM then
     * holds until the test class ends ({@link CompatFilesLock}).
     */
    static void createInputs(KafkaBroker kafka, CompatCase compat) throws Exception {
        for (CompatInput in : compat.inputs()) {
            if (in.inFiles()) {
                CompatFilesLock.hold(); // the folder is the same for every build on the machine
                Path folder = compat.folder(in);
                if (Files.exists(folder)) {
                    try (Stream<Path> files = Files.walk(folder)) {
                        for (Path p : files.sorted(Comparator.reverseOrder()).toList())
                            Files.delete(p);
                    }
                }
            } else {
                kafka.createTopics(1, compat.topic(in));
            }
        }
    }

    /**
     * Runs the job until it has read {@code recordsIn} records (its accumulator, which the
     * TaskManager reports with each heartbeat), and returns the results it committed. With {@code
     * savepointTo} it then stops with a canonical savepoint there (its path in {@code
     * savepoint[0]}); else it is cancelled.
     *
     * @param restoreFrom a savepoint to start from, or null
     */
    List<JsonNode> run(
            Path output,
            String groupId,
            String stateBackend,
            String restoreFrom,
            long recordsIn,
            Path savepointTo,
            String[] savepoint)
            throws Exception {
        List<String> args = new ArrayList<>(compat.args(bootstrap, output, groupId, stateBackend));
        if (restoreFrom != null) {
            args.addAll(List.of("--conf", "execution.state-recovery.path=" + restoreFrom));
        }
        CompletableFuture<Integer> run =
                CompletableFuture.supplyAsync(() -> Main.run(args.toArray(String[]::new)));
        String failedAs =
                restoreFrom == null
                        ? compat + " failed: "
                        : compat + " failed restoring " + restoreFrom + ": ";
        JobID job = running(run, failedAs);
        long[] checkpointsOnceRead = {-1};
        try {
            reportedStateBackend = StateSnapshots.stateBackend(client, job);
            // Any failure ends the wait at once, named: a state that cannot be restored makes the
            // job restart in a loop, which would otherwise only show as a wait timing out.
            Await.untilChecked(
                    compat + " read " + recordsIn + " records, then completed 3 checkpoints",
                    Duration.ofSeconds(60),
                    () -> {
                        String failure = failure(job);
                        if (failure != null) throw new JobFailed(failedAs + failure);
                        if (run.isDone()) throw new AssertionError(compat + " ended: " + args);
                        if (checkpointsOnceRead[0] < 0) {
                            if (recordsRead(job) >= recordsIn)
                                checkpointsOnceRead[0] = Checkpoints.completed(client, job);
                            return false;
                        }
                        return Checkpoints.completed(client, job) >= checkpointsOnceRead[0] + 3;
                    },
                    () -> String.join(" ", args));
            // Exactly the events given, no more: a source that lost its position (Kafka
            // offsets, a file source's files read) reads the events before the savepoint again.
            long read = recordsRead(job);
            if (read != recordsIn)
                throw new JobFailed(
                        failedAs
                                + "read "
                                + read
                                + " records, not the "
                                + recordsIn
                                + " given"
                                + (restoreFrom == null
                                        ? ""
                                        : " after the savepoint (its source's position was lost)"));
        } catch (Throwable failed) {
            client.cancel(job).get(); // the next run must not find this one running
            run.join();
            if (failed instanceof JobFailed) throw failed;
            String failure = failure(job);
            throw new AssertionError(
                    failed.getMessage() + "\n" + failedAs + (failure == null ? "none" : failure),
                    failed);
        }
        if (savepointTo != null) {
            savepoint[0] =
                    client.stopWithSavepoint(
                                    job,
                                    false,
                                    savepointTo.toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();
        } else {
            client.cancel(job).get();
        }
        run.join();
        return compat.results().read(output);
    }
}
