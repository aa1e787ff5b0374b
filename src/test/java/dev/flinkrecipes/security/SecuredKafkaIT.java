package dev.flinkrecipes.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.io.KafkaRefused;
import dev.flinkrecipes.core.ops.FailureInjector;
import dev.flinkrecipes.testing.ConsoleCapture;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.KafkaTopics;
import dev.flinkrecipes.testing.SecuredKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs on a secured broker, as managed Kafka services run it: SASL_SSL with SCRAM-SHA-512 (the user
 * created on the broker by the test), SASL_SSL with PLAIN, and mutual TLS. In each, a job reads and
 * writes through its Kafka client settings only, fails once on purpose, restarts from its last
 * checkpoint, and a read_committed reader with the same settings sees every input exactly once. The
 * PLAIN run also gives its password on the command line and checks that it shows nowhere: not on
 * the console, not in the job's configuration on the REST API, not in the dead letters.
 */
class SecuredKafkaIT {
    static final int RECORDS = 400;

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @RegisterExtension
    static final SecuredKafka kafka =
            new SecuredKafka(
                    "tx-scram",
                    "tx-scram.dlq",
                    "out-scram",
                    "tx-plain",
                    "tx-plain.dlq",
                    "out-plain",
                    "tx-mtls",
                    "tx-mtls.dlq",
                    "out-mtls");

    @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

    @Test
    void saslSslWithScramFromAPropertiesFile(@InjectClusterClient ClusterClient<?> client)
            throws Exception {
        Map<String, String> settings = kafka.sasl();
        Path file = kafka.propertiesFile("scram-client", settings);
        exactlyOnceAcrossAFailure(
                client,
                "scram",
                kafka.saslBootstrap(),
                settings,
                "--verbose", // every option on the console, masked
                "--kafka-properties",
                file.toString());
        assertThat(console.err()).contains("kafka-properties = " + file);
        assertNoSecret(SecuredKafka.SCRAM_PASSWORD, console.out() + console.err());
    }

    @Test
    void saslSslWithPlainOnTheCommandLineShowsNoSecret(@InjectClusterClient ClusterClient<?> client)
            throws Exception {
        Map<String, String> settings =
                kafka.sasl("PLAIN", SecuredKafka.PLAIN_USER, SecuredKafka.PLAIN_PASSWORD);
        List<String> args = new ArrayList<>();
        settings.forEach((k, v) -> args.addAll(List.of("--kafka-property", k + "=" + v)));
        args.add("--verbose"); // every option on the console, masked
        JobID job =
                exactlyOnceAcrossAFailure(
                        client,
                        "plain",
                        kafka.saslBootstrap(),
                        settings,
                        args.toArray(String[]::new));

        String printed = console.out() + console.err();
        assertThat(printed).contains("sasl.jaas.config=******", "ssl.truststore.password=******");
        assertNoSecret(SecuredKafka.PLAIN_PASSWORD, printed);
        assertNoSecret(SecuredKafka.STORE_PASSWORD, printed);

        // The Web UI's Configuration tab and GET /jobs/<id>/config show the global job parameters.
        String config = get(client.getWebInterfaceURL() + "/jobs/" + job + "/config");
        JsonNode userConfig =
                new ObjectMapper().readTree(config).path("execution-config").path("user-config");
        assertThat(userConfig.path("kafka-property").asText())
                .contains("security.protocol=SASL_SSL", "sasl.jaas.config=******");
        assertThat(userConfig.path("transactional-id-prefix").asText())
                .as("still read back by TransactionalIdCheck")
                .isEqualTo("parsed-transactions-out-plain");
        assertNoSecret(SecuredKafka.PLAIN_PASSWORD, config);
        assertNoSecret(SecuredKafka.STORE_PASSWORD, config);

        List<ConsumerRecord<String, String>> deadLetters =
                KafkaTopics.readCommitted(
                        kafka.saslBootstrap(),
                        settings,
                        "tx-plain.dlq",
                        r -> !r.isEmpty(),
                        Duration.ofSeconds(30),
                        Duration.ofMillis(500));
        assertThat(deadLetters).hasSize(1);
        deadLetters.forEach(r -> assertNoSecret(SecuredKafka.PLAIN_PASSWORD, r.value()));
    }

    @Test
    void mutualTls(@InjectClusterClient ClusterClient<?> client) throws Exception {
        Map<String, String> settings = kafka.mutualTls();
        Path file = kafka.propertiesFile("mtls-client", settings);
        exactlyOnceAcrossAFailure(
                client,
                "mtls",
                kafka.mtlsBootstrap(),
                settings,
                "--kafka-properties",
                file.toString());
        assertNoSecret(SecuredKafka.STORE_PASSWORD, console.out() + console.err());
    }

    /**
     * A TLS listener never answers a plaintext client, so its calls only time out; the job's source
     * then asks the broker whether it speaks TLS, and fails for good naming the fix. A plaintext
     * listener, or a client with TLS, is left to the restart strategy.
     */
    @Test
    void aTimeoutOfAPlaintextClientOnATlsPortIsNamed() {
        TimeoutException timeout = new TimeoutException("Timed out waiting for a node assignment");
        assertThatThrownBy(
                        () ->
                                KafkaRefused.throwIfPlaintextOnTls(
                                        kafka.mtlsBootstrap(),
                                        null,
                                        new RuntimeException("listTopics", timeout)))
                .isInstanceOf(KafkaRefused.class)
                .hasMessage(
                        "Kafka at "
                                + kafka.mtlsBootstrap()
                                + " answers with TLS, and this client speaks plaintext: set"
                                + " security.protocol=SSL (or SASL_SSL) and ssl.truststore.* with"
                                + " --kafka-property or --kafka-properties");
        assertThatThrownBy(
                        () ->
                                KafkaRefused.throwIfPlaintextOnTls(
                                        kafka.saslBootstrap(), "PLAINTEXT", timeout))
                .isInstanceOf(KafkaRefused.class);
        KafkaRefused.throwIfPlaintextOnTls(kafka.plainBootstrap(), null, timeout);
        KafkaRefused.throwIfPlaintextOnTls(kafka.mtlsBootstrap(), "SSL", timeout);
        KafkaRefused.throwIfPlaintextOnTls(
                kafka.mtlsBootstrap(), null, new RuntimeException("not a timeout"));
    }

    /**
     * Writes {@link #RECORDS} transactions (and one bad record) to {@code tx-<mode>} through the
     * secured listener, runs parsed-transactions over them with a failure injected halfway, and
     * reads {@code out-<mode>} back read_committed with the same settings: each transaction once.
     */
    private static JobID exactlyOnceAcrossAFailure(
            ClusterClient<?> client,
            String mode,
            String bootstrap,
            Map<String, String> settings,
            String... clientArgs)
            throws Exception {
        try (KafkaProducer<String, String> producer = KafkaTopics.producer(bootstrap, settings)) {
            for (int i = 0; i < RECORDS; i++) {
                KafkaTopics.send(
                        producer,
                        "tx-" + mode,
                        "user_" + i,
                        "{\"user_id\":\"user_"
                                + i
                                + "\",\"amount\":12.5,\"location\":\"Madrid\","
                                + "\"timestamp\":\"2024-01-15T10:30:00Z\"}");
            }
            KafkaTopics.send(producer, "tx-" + mode, "bad", "{\"user_id\": \"cut off");
        }
        Set<JobID> before = jobs(client);
        int failuresBefore = FailureInjector.FAILURES.get();
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "parsed-transactions",
                                "--bootstrap-servers",
                                bootstrap,
                                "--input-topic",
                                "tx-" + mode,
                                "--output-topic",
                                "out-" + mode,
                                "--sink",
                                "kafka",
                                "--starting-offsets",
                                "earliest",
                                "--bounded",
                                "--parallelism",
                                "1",
                                // slow enough for checkpoints before the failure and after it
                                "--max-rate",
                                "100",
                                "--checkpoint-interval",
                                "300ms",
                                "--inject-failure-after",
                                "100"));
        args.addAll(List.of(clientArgs));
        assertThat(Main.run(args.toArray(String[]::new))).isZero();
        assertThat(FailureInjector.FAILURES.get() - failuresBefore)
                .as("injected failures")
                .isPositive();

        List<ConsumerRecord<String, String>> rows =
                KafkaTopics.readCommitted(
                        bootstrap,
                        settings,
                        "out-" + mode,
                        r -> r.size() >= RECORDS,
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(1));
        List<String> users = rows.stream().map(ConsumerRecord::key).toList();
        assertThat(users).as("each transaction once").hasSize(RECORDS).doesNotHaveDuplicates();
        assertThat(new HashSet<>(users)).contains("user_0", "user_" + (RECORDS - 1));

        Set<JobID> after = jobs(client);
        after.removeAll(before);
        assertThat(after).hasSize(1);
        return after.iterator().next();
    }

    private static Set<JobID> jobs(ClusterClient<?> client) throws Exception {
        Set<JobID> ids = new HashSet<>();
        for (JobStatusMessage j : client.listJobs().get()) ids.add(j.getJobId());
        return ids;
    }

    static void assertNoSecret(String secret, String surface) {
        assertThat(surface).as("a secret shown").doesNotContain(secret);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }
}
