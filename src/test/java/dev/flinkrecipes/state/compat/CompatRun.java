package dev.flinkrecipes.state.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.RunSummary;
import dev.flinkrecipes.state.compat.CompatCase.CompatInput;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.Checkpoints;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaTopics;
import dev.flinkrecipes.testing.StateSnapshots;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Runs a compatibility case's job on a MiniCluster and a Kafka broker until it has read a given
 * number of events and committed their results, then stops it: cancelled, or stopped with a
 * canonical savepoint.
 */
final class CompatRun {
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
     * Why the job failed or restarted, as the Web UI shows it (e.g. a state that cannot restore).
     */
    private String rootException(JobID job) {
        try {
            URI uri = URI.create(client.getWebInterfaceURL() + "/jobs/" + job + "/exceptions");
            String body =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(uri).build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            String trace =
                    JsonlFiles.parse(body)
                            .path("exceptionHistory")
                            .path("entries")
                            .path(0)
                            .path("stacktrace")
                            .asText("none");
            // The exception and its causes, without the frames.
            return String.join(
                    "\n", trace.lines().filter(l -> !l.startsWith("\tat ")).limit(12).toList());
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    /** Writes the events of each input to its topic, one partition, in order. */
    static void produce(String bootstrap, CompatCase compat, Map<CompatInput, List<String>> lines) {
        try (KafkaProducer<String, String> producer = KafkaTopics.producer(bootstrap)) {
            lines.forEach(
                    (in, events) -> {
                        for (String e : events)
                            KafkaTopics.send(producer, compat.topic(in), null, e);
                    });
            producer.flush();
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
        JobID job = Await.runningJob(client);
        try {
            reportedStateBackend = StateSnapshots.stateBackend(client, job);
            Await.untilChecked(
                    compat + " read " + recordsIn + " records",
                    Duration.ofSeconds(30),
                    () -> {
                        if (run.isDone()) throw new AssertionError(compat + " ended: " + args);
                        return client.getAccumulators(job).get().get(RunSummary.RECORDS_IN)
                                        instanceof Long n
                                && n >= recordsIn;
                    },
                    () -> String.join(" ", args));
            Checkpoints.awaitMore(client, job, 3);
        } catch (Throwable failed) {
            String why = rootException(job);
            client.cancel(job).get(); // the next run must not find this one running
            run.join();
            throw new AssertionError(failed.getMessage() + "\nthe job's failure: " + why, failed);
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
        return JsonlFiles.readCommitted(output.resolve("results"));
    }
}
