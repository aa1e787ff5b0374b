package dev.flinkrecipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.testing.KafkaTopics;
import dev.flinkrecipes.testing.SecuredKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/run} against a secured broker, as a user types it: with settings the broker refuses (a
 * wrong password, a certificate from a CA the client does not trust, a mechanism the broker does
 * not offer, a plaintext client on a TLS port) it ends within 15 s, exit 1, with one line naming
 * the cause and no stack trace; with the right ones it runs, and neither its console nor its log
 * file shows a secret.
 */
class SecuredKafkaLocalRunIT {
    static final Duration WITHIN = Duration.ofSeconds(15);

    @RegisterExtension static final SecuredKafka kafka = new SecuredKafka("orders", "orders.dlq");

    @TempDir static Path dir;

    @BeforeAll
    static void runFolder() throws Exception {
        // LocalRunIT's runner, in a folder of this class's own
        LocalRunIT.dir = dir;
        LocalRunIT.runDir = Files.createDirectories(dir.resolve("run"));
        // bin/run compiles first when the sources are newer than its classpath: not in a timed run
        LocalRunIT.run("--version");
    }

    @AfterAll
    static void report() {
        LocalRunIT.TIMES.forEach(System.out::println);
    }

    private static LocalRunIT.Result run(Map<String, String> settings, String... more)
            throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "parsed-transactions",
                                "--input-topic",
                                "orders",
                                "--starting-offsets",
                                "earliest",
                                "--bounded",
                                "--sink",
                                "print",
                                "--checkpoint-interval",
                                "1s"));
        settings.forEach((k, v) -> args.addAll(List.of("--kafka-property", k + "=" + v)));
        args.addAll(List.of(more));
        return LocalRunIT.run(args.toArray(String[]::new));
    }

    /** One line naming the job and the cause, exit 1, within 15 s, and no secret in it. */
    private static String refused(LocalRunIT.Result r) {
        assertThat(r.exit()).as(r.out()).isEqualTo(Main.FAILED);
        assertThat(r.took()).as(r.out()).isLessThan(WITHIN);
        assertThat(r.out()).as("no stack trace").doesNotContain("\tat ", "Exception in thread");
        assertThat(r.out()).doesNotContain(SecuredKafka.STORE_PASSWORD);
        assertThat(r.errors()).as(r.out()).hasSize(1);
        LocalRunIT.TIMES.add("  " + r.errors().get(0));
        return r.errors().get(0);
    }

    @Test
    void wrongPassword() throws Exception {
        LocalRunIT.Result r =
                run(
                        kafka.sasl("SCRAM-SHA-512", SecuredKafka.SCRAM_USER, "not-the-password"),
                        "--bootstrap-servers",
                        kafka.saslBootstrap());
        assertThat(refused(r))
                .startsWith("parsed-transactions: Kafka at " + kafka.saslBootstrap())
                .contains("refused the credentials: authentication failed", "sasl.jaas.config");
        assertThat(r.out()).doesNotContain("not-the-password");
    }

    @Test
    void untrustedBrokerCertificate() throws Exception {
        LocalRunIT.Result r =
                run(kafka.saslTrustingAnotherCa(), "--bootstrap-servers", kafka.saslBootstrap());
        assertThat(refused(r))
                .startsWith("parsed-transactions: TLS handshake with Kafka at ")
                .contains("ssl.truststore");
        assertThat(r.out()).doesNotContain(SecuredKafka.SCRAM_PASSWORD);
    }

    @Test
    void mechanismTheBrokerDoesNotOffer() throws Exception {
        LocalRunIT.Result r =
                run(
                        kafka.sasl("SCRAM-SHA-256", SecuredKafka.SCRAM_USER, "x"),
                        "--bootstrap-servers",
                        kafka.saslBootstrap());
        assertThat(refused(r)).contains("does not offer this SASL mechanism", "sasl.mechanism");
    }

    @Test
    void plaintextClientOnTheTlsPort() throws Exception {
        LocalRunIT.Result r = run(Map.of(), "--bootstrap-servers", kafka.mtlsBootstrap());
        assertThat(refused(r))
                .contains("no Kafka broker answered at " + kafka.mtlsBootstrap())
                .contains("set security.protocol");
    }

    @Test
    void runsWithTheRightSettingsAndShowsNoSecret() throws Exception {
        Map<String, String> settings = kafka.sasl();
        try (KafkaProducer<String, String> p =
                KafkaTopics.producer(kafka.saslBootstrap(), settings)) {
            KafkaTopics.send(
                    p,
                    "orders",
                    "user_1",
                    "{\"user_id\":\"user_1\",\"amount\":12.5,\"location\":\"Madrid\","
                            + "\"timestamp\":\"2024-01-15T10:30:00Z\"}");
        }
        LocalRunIT.Result r =
                run(settings, "--bootstrap-servers", kafka.saslBootstrap(), "--verbose");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("| user_1").contains("sasl.jaas.config=******");
        List<Path> logs;
        try (Stream<Path> files = Files.list(LocalRunIT.runDir.resolve("logs"))) {
            logs = files.toList();
        }
        assertThat(logs).isNotEmpty();
        for (String surface :
                Stream.concat(Stream.of(r.out()), logs.stream().map(SecuredKafkaLocalRunIT::read))
                        .toList()) {
            assertThat(surface)
                    .doesNotContain(SecuredKafka.SCRAM_PASSWORD)
                    .doesNotContain(SecuredKafka.STORE_PASSWORD);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
