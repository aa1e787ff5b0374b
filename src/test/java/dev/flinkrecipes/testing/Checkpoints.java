package dev.flinkrecipes.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;

/**
 * A job's completed checkpoints, from the cluster's REST API: what a test waits for instead of
 * sleeping.
 */
public final class Checkpoints {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Checkpoints() {}

    /**
     * How many checkpoints of {@code job} have completed ({@code counts.completed} of
     * /jobs/:id/checkpoints).
     */
    public static long completed(ClusterClient<?> client, JobID job) throws Exception {
        URI uri = URI.create(client.getWebInterfaceURL() + "/jobs/" + job + "/checkpoints");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) return 0; // e.g. not yet known to the REST handlers
        return JsonlFiles.parse(response.body()).path("counts").path("completed").asLong();
    }

    /** Waits until {@code job} has completed at least {@code count} checkpoints. */
    public static void awaitCompleted(ClusterClient<?> client, JobID job, long count)
            throws Exception {
        Await.untilChecked(
                count + " completed checkpoints of " + job,
                Duration.ofSeconds(60),
                () -> completed(client, job) >= count,
                () -> "");
    }

    /**
     * Waits until {@code job} has completed {@code more} checkpoints after the ones completed now.
     */
    public static void awaitMore(ClusterClient<?> client, JobID job, long more) throws Exception {
        awaitCompleted(client, job, completed(client, job) + more);
    }
}
