package dev.flinkrecipes.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.SinkKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two running jobs with one transactional id prefix abort each other's Kafka transactions (each new
 * producer fences the other), so a job that writes transactionally refuses to start when a job on
 * the cluster it is submitted to already uses its prefix. The running jobs' prefixes are read from
 * their effective configuration, which every job sets as its global job parameters (shown by the
 * REST API and the Web UI).
 */
public final class TransactionalIdCheck {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalIdCheck.class);

    /** {@code --transactional-id-prefix} as the effective configuration names it. */
    private static final String PREFIX = "transactional-id-prefix";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TransactionalIdCheck() {}

    /**
     * Checks {@code o}'s prefix against the cluster in {@code conf}, when the job writes
     * transactions and goes to a cluster (not a local MiniCluster, where nothing else runs).
     */
    public static void refuseIfInUse(ReadableConfig conf, JobOptions o) {
        if (o.output.sink != SinkKind.kafka
                || o.output.deliveryGuarantee != DeliveryGuarantee.EXACTLY_ONCE) return;
        Optional<URI> rest = restEndpoint(conf);
        if (rest.isEmpty()) return;
        try {
            refuseIfInUse(rest.get(), o.output.transactionalIdPrefix);
        } catch (IOException e) {
            // The submission itself will say whether the cluster is there; the check must not be
            // what stops a job.
            String warning =
                    "Could not list the running jobs at "
                            + rest.get()
                            + " ("
                            + e
                            + "): not checked whether one uses transactional id prefix '"
                            + o.output.transactionalIdPrefix
                            + "'";
            System.err.println("WARNING: " + warning);
            LOG.warn(warning);
        }
    }

    /**
     * The REST endpoint of the cluster the job is submitted to: {@code flink run} sets the target
     * and the address ({@code rest.address}, else {@code jobmanager.rpc.address}, and {@code
     * rest.port}); empty for a local run.
     */
    public static Optional<URI> restEndpoint(ReadableConfig conf) {
        String target = conf.get(DeploymentOptions.TARGET);
        if ("local".equals(target)) return Optional.empty();
        Optional<String> address = conf.getOptional(RestOptions.ADDRESS);
        if (address.isEmpty() && !"remote".equals(target)) return Optional.empty();
        return Optional.of(
                URI.create(
                        "http://"
                                + address.orElse("localhost")
                                + ":"
                                + conf.get(RestOptions.PORT)));
    }

    /**
     * Throws, naming the other job, when a job at {@code rest} that is not finished uses {@code
     * prefix}.
     */
    public static void refuseIfInUse(URI rest, String prefix) throws IOException {
        refuseIfHeldBefore(rest, prefix, null);
    }

    /**
     * As {@link #refuseIfInUse(URI, String)}, from inside job {@code self} (a hex job id; null: a
     * job not yet submitted): only the jobs that started before it count, so of two jobs submitted
     * at once the later one yields and the earlier one runs. Nothing is refused when {@code self}
     * is not among the jobs at {@code rest} (another cluster's API).
     */
    static void refuseIfHeldBefore(URI rest, String prefix, String self) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JsonNode jobs = get(http, rest, "/jobs/overview").path("jobs");
        JsonNode me = null;
        for (JsonNode job : jobs) if (job.path("jid").asText().equals(self)) me = job;
        if (self != null && me == null) return;
        for (JsonNode job : jobs) {
            if (JobStatus.valueOf(job.path("state").asText()).isGloballyTerminalState()) continue;
            String id = job.path("jid").asText();
            if (me != null && !startedBefore(job, me)) continue;
            JsonNode config =
                    get(http, rest, "/jobs/" + id + "/config")
                            .path("execution-config")
                            .path("user-config");
            // A job that does not say how it writes (not one of ours) is taken to write
            // transactions.
            boolean transactional =
                    config.path("sink").asText(SinkKind.kafka.name()).equals(SinkKind.kafka.name())
                            && isExactlyOnce(
                                    config.path("delivery-guarantee")
                                            .asText(DeliveryGuarantee.EXACTLY_ONCE.name()));
            if (transactional && prefix.equals(config.path(PREFIX).asText(null))) {
                throw new IllegalArgumentException(
                        "transactional id prefix '"
                                + prefix
                                + "' is in use by running job '"
                                + job.path("name").asText()
                                + "' ("
                                + id
                                + ") at "
                                + rest
                                + ", and two writers with one prefix abort each other's Kafka"
                                + " transactions: stop that job, or give this one its own"
                                + " --transactional-id-prefix");
            }
        }
    }

    /** Whether job {@code a} started before {@code b}; at the same millisecond, the lower id. */
    private static boolean startedBefore(JsonNode a, JsonNode b) {
        long at = a.path("start-time").asLong();
        long bt = b.path("start-time").asLong();
        return at != bt ? at < bt : a.path("jid").asText().compareTo(b.path("jid").asText()) < 0;
    }

    /**
     * Shown as "exactly-once" (DeliveryGuarantee's toString), written as EXACTLY_ONCE on the
     * command line.
     */
    private static boolean isExactlyOnce(String deliveryGuarantee) {
        return deliveryGuarantee
                .replace('_', '-')
                .equalsIgnoreCase(DeliveryGuarantee.EXACTLY_ONCE.toString());
    }

    private static JsonNode get(HttpClient http, URI rest, String path) throws IOException {
        HttpRequest request =
                HttpRequest.newBuilder(rest.resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200)
                throw new IOException("GET " + path + ": HTTP " + response.statusCode());
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
