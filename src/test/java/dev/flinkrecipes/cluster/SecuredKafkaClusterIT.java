package dev.flinkrecipes.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaTopics;
import dev.flinkrecipes.testing.SecuredKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs submitted to the standalone cluster ({@code bin/job-submit}, i.e. {@code flink run}, and the
 * REST API's jar run) against a secured broker in the test JVM ({@link SecuredKafka}).
 *
 * <p>A broker that refuses the job's client (a wrong password, a certificate from a CA the client
 * does not trust, a SASL mechanism it does not offer) fails the job at once, without a restart,
 * with the cause named in its root exception ({@code GET /jobs/<id>/exceptions}, the Web UI) and in
 * {@code bin/job-status}. Without that, the cluster's restart strategy retried such a job for about
 * three minutes.
 *
 * <p>Then a job with the right settings, its secrets given both as {@code --kafka-property} and in
 * a {@code --kafka-properties} file, runs. It comes after the SCRAM logins of jobs that have ended:
 * with Kafka's client loaded from the job jar, the first of those left a dead SCRAM provider in the
 * JobManager and the TaskManager, and this job failed at every login (NoClassDefFoundError); the
 * cluster's lib/ has the client now (bin/dist/flink-pom.xml). No secret of any job of this class
 * shows in any log file of the cluster's run folder, on the submitting console, or in the REST
 * API's configuration and exceptions.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredKafkaClusterIT {
    /**
     * From the start of the submission (a JVM for bin/job-submit included) to FAILED: 2 to 18 s
     * seen here, on a busy machine; the restart strategy's loop took about three minutes.
     */
    static final Duration FAILS_WITHIN = Duration.ofSeconds(60);

    static final String WRONG_PASSWORD = "wrong-S3cr3t-0b5e";

    /** The cluster's processes last: its jobs are cancelled before the broker stops. */
    @RegisterExtension
    static final SecuredKafka kafka =
            new SecuredKafka("secured-in", "secured-in.dlq", "secured-out");

    @RegisterExtension static final SharedCluster CLUSTER = new SharedCluster();

    static LocalCluster cluster;

    /** Every job id this class submitted, for the REST surfaces of the last test. */
    static final List<String> JOBS = new ArrayList<>();

    /** When each job's submission began (System.nanoTime). */
    static final Map<String, Long> SUBMITTED = new HashMap<>();

    /** The consoles of the submissions. */
    static final StringBuilder CONSOLES = new StringBuilder();

    @BeforeAll
    static void input() {
        cluster = CLUSTER.get();
        try (KafkaProducer<String, String> p =
                KafkaTopics.producer(kafka.saslBootstrap(), kafka.sasl())) {
            for (int i = 0; i < 20; i++)
                KafkaTopics.send(
                        p,
                        "secured-in",
                        "user_" + i,
                        "{\"user_id\":\"user_"
                                + i
                                + "\",\"amount\":12.5,\"location\":\"Madrid\","
                                + "\"timestamp\":\"2024-01-15T10:30:00Z\"}");
        }
    }

    @Test
    @Order(1)
    void aWrongPasswordFailsTheJobNamingTheCause() throws Exception {
        String job =
                submit(
                        "wrong-password",
                        kafka.sasl("SCRAM-SHA-512", SecuredKafka.SCRAM_USER, WRONG_PASSWORD),
                        List.of());
        assertThat(failed(job))
                .startsWith(
                        "dev.flinkrecipes.core.io.KafkaRefused: Kafka at "
                                + kafka.saslBootstrap()
                                + " refused the credentials: authentication failed")
                .contains("check sasl.jaas.config");
    }

    @Test
    @Order(2)
    void anUntrustedBrokerCertificateFailsTheJobNamingTheCause() throws Exception {
        String job = submitThroughRest("untrusted-certificate", kafka.saslTrustingAnotherCa());
        assertThat(failed(job))
                .startsWith(
                        "dev.flinkrecipes.core.io.KafkaRefused: TLS handshake with Kafka at "
                                + kafka.saslBootstrap()
                                + " failed")
                .contains("check ssl.truststore.*");
    }

    @Test
    @Order(3)
    void aMechanismTheBrokerDoesNotOfferFailsTheJobNamingIt() throws Exception {
        String job =
                submit(
                        "wrong-mechanism",
                        kafka.sasl("SCRAM-SHA-256", SecuredKafka.SCRAM_USER, WRONG_PASSWORD),
                        List.of());
        assertThat(failed(job))
                .contains("does not offer this SASL mechanism")
                .contains("check sasl.mechanism");
    }

    static final String DATABASE_PASSWORD = "db-7f3a9c-hunter2";

    @Test
    @Order(4)
    void withTheRightSettingsItRunsAndNoSecretShowsAnywhere() throws Exception {
        // The truststore's password in a file, the SASL login on the command line.
        Map<String, String> settings = kafka.sasl();
        Map<String, String> inFile = new TreeMap<>();
        Map<String, String> onCommandLine = new TreeMap<>();
        settings.forEach((k, v) -> (k.startsWith("ssl.") ? inFile : onCommandLine).put(k, v));
        Path file = kafka.propertiesFile("cluster-truststore", inFile);
        String job =
                submit(
                        "right-settings",
                        onCommandLine,
                        List.of("--kafka-properties", file.toString()));

        List<ConsumerRecord<String, String>> out =
                KafkaTopics.readCommitted(
                        kafka.saslBootstrap(),
                        settings,
                        "secured-out",
                        r -> r.size() >= 20,
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(1));
        assertThat(out).as("the job's output, read with the same settings").hasSize(20);
        assertThat(cluster.jobState(job)).isEqualTo("RUNNING");
        JsonNode config = cluster.get("/jobs/" + job + "/config");
        assertThat(
                        config.path("execution-config")
                                .path("user-config")
                                .path("kafka-properties")
                                .asText())
                .isEqualTo(file.toString());

        // A secret given as an option's own argument (--jdbc-password VALUE): Flink masks a program
        // argument only when its own text names a sensitive key, so the value alone would be logged
        // with the client's program arguments. The submission fails (no database listens there)
        // after
        // the client has logged its start.
        CONSOLES.append(
                cluster.binResult(
                                "job-submit",
                                "people-to-postgres",
                                "--jdbc-url",
                                "jdbc:postgresql://127.0.0.1:1/none",
                                "--jdbc-password",
                                DATABASE_PASSWORD)
                        .out());
        List<String> secrets =
                List.of(
                        SecuredKafka.SCRAM_PASSWORD,
                        SecuredKafka.STORE_PASSWORD,
                        WRONG_PASSWORD,
                        DATABASE_PASSWORD);
        StringBuilder rest = new StringBuilder();
        rest.append(cluster.get("/jobmanager/config"));
        rest.append(cluster.get("/taskmanagers"));
        for (String id : JOBS) {
            for (String path : List.of("", "/config", "/exceptions", "/jobmanager/config", "/plan"))
                rest.append(cluster.get("/jobs/" + id + path));
        }
        List<Path> logs;
        try (Stream<Path> files = Files.walk(cluster.run.resolve("logs"))) {
            logs = files.filter(Files::isRegularFile).toList();
        }
        assertThat(logs).as("the cluster's log files").isNotEmpty();
        for (String secret : secrets) {
            assertThat(CONSOLES.toString()).as("the submitting consoles").doesNotContain(secret);
            assertThat(rest.toString()).as("the REST API").doesNotContain(secret);
            for (Path log : logs) assertThat(read(log)).as(log.toString()).doesNotContain(secret);
        }
    }

    /**
     * Waits for the job to fail, without a restart, and returns why, as {@code bin/job-status}
     * says; the root exception must say the same.
     */
    private static String failed(String job) throws Exception {
        cluster.awaitTrue(
                "job " + job + " FAILED",
                FAILS_WITHIN,
                () -> cluster.get("/jobs/" + job).path("state").asText().equals("FAILED"));
        System.out.printf(
                "job %s FAILED %d ms after its submission began%n",
                job, (System.nanoTime() - SUBMITTED.get(job)) / 1_000_000);
        JsonNode history = cluster.get("/jobs/" + job + "/exceptions").path("exceptionHistory");
        assertThat(history.path("entries")).as("failures: no restart before the end").hasSize(1);
        String rootException = history.path("entries").get(0).path("stacktrace").asText();

        String out = cluster.bin("job-status", "--job", job);
        JsonNode status = JsonlFiles.parse(out.substring(out.indexOf('{')));
        assertThat(status.path("status").asText()).isEqualTo("FAILED");
        String failure = status.path("failure").asText();
        assertThat(rootException).contains("Caused by: " + failure);
        return failure;
    }

    /** {@code bin/job-submit parsed-transactions} with these client settings; the job's id. */
    private static String submit(String name, Map<String, String> settings, List<String> more) {
        List<String> args = new ArrayList<>(List.of("parsed-transactions"));
        args.addAll(jobArgs(name, settings));
        args.addAll(more);
        long started = System.nanoTime();
        String out = cluster.bin("job-submit", args.toArray(String[]::new));
        CONSOLES.append(out);
        Matcher id = Pattern.compile("submitted with JobID ([0-9a-f]{32})").matcher(out);
        assertThat(id.find()).as(out).isTrue();
        JOBS.add(id.group(1));
        SUBMITTED.put(id.group(1), started);
        return id.group(1);
    }

    /** The same job run through the REST API, as the Web UI's "Submit New Job" does. */
    private static String submitThroughRest(String name, Map<String, String> settings)
            throws Exception {
        String jar = cluster.uploadJobJar();
        List<String> args = new ArrayList<>(List.of("parsed-transactions"));
        args.addAll(jobArgs(name, settings));
        String json = new ObjectMapper().writeValueAsString(Map.of("programArgsList", args));
        long started = System.nanoTime();
        LocalCluster.Response r =
                cluster.post("/jars/" + jar + "/run", json, Duration.ofSeconds(60));
        CONSOLES.append(r.body());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String id = JsonlFiles.parse(r.body()).path("jobid").asText();
        JOBS.add(id);
        SUBMITTED.put(id, started);
        return id;
    }

    private static List<String> jobArgs(String name, Map<String, String> settings) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                kafka.saslBootstrap(),
                                "--input-topic",
                                "secured-in",
                                "--sink",
                                "kafka",
                                "--output-topic",
                                "secured-out",
                                "--starting-offsets",
                                "earliest",
                                "--transactional-id-prefix",
                                "secured-" + name,
                                "--checkpoint-interval",
                                "1s"));
        settings.forEach((k, v) -> args.addAll(List.of("--kafka-property", k + "=" + v)));
        return args;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
