package dev.flinkrecipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.testing.KafkaTopics;
import dev.flinkrecipes.testing.SecuredKafka;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * not offer, a plaintext client on a TLS port) it ends within 25 s, exit 1, with one line naming
 * the cause and no stack trace; with the right ones it runs, and neither its console nor its log
 * file shows a secret. The two examples of the README's "Connecting to a secured Kafka" run as
 * written there.
 */
class SecuredKafkaLocalRunIT {
    /**
     * Ended by the start-up check, not by the Kafka client's own timeouts (60 s
     * default.api.timeout.ms, then retries): on an idle machine these runs take 3-9 s (the
     * unreachable case is the check's 5 s plus the JVM's start), but with two test JVMs on two
     * cores the unreachable one took 15.7 s, hence the room. Below LocalRunIT's 30 s kill.
     */
    static final Duration WITHIN = Duration.ofSeconds(25);

    @RegisterExtension
    static final SecuredKafka kafka =
            new SecuredKafka("orders", "orders.dlq", "transactions", "transactions.dlq");

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

    /**
     * One line naming the job and the cause, exit 1, within {@link #WITHIN}, and no secret in it.
     */
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

    @Test
    void theDocsManagedKafkaExampleRunsAsWritten() throws Exception {
        runsAsWritten("### A managed Kafka", kafka.sasl(), kafka.saslBootstrap());
    }

    @Test
    void theDocsMutualTlsExampleRunsAsWritten() throws Exception {
        runsAsWritten("### Mutual TLS", kafka.mutualTls(), kafka.mtlsBootstrap());
    }

    /** The pages holding the examples: the README has one, docs/kafka-security.md the other. */
    static final List<Path> DOCS =
            List.of(
                    LocalRunIT.ROOT.resolve("README.md"),
                    LocalRunIT.ROOT.resolve("docs/kafka-security.md"));

    /**
     * The example under {@code heading} in the first of {@link #DOCS} that has it: its properties
     * file, with the keys written there and this test's values for them (its CA's files, its
     * passwords), and its bin/run command word for word but for the broker's address; run from the
     * folder that holds the file, as the command names it. It must print what the test wrote to the
     * topic, and every option it uses must be in the job's --help.
     */
    private static void runsAsWritten(
            String heading, Map<String, String> settings, String bootstrap) throws Exception {
        Path doc = null;
        List<String> lines = List.of();
        for (Path page : DOCS) {
            lines = Files.readAllLines(page);
            if (lines.stream().anyMatch(l -> l.startsWith(heading))) {
                doc = page;
                break;
            }
        }
        assertThat(doc).as("a page of " + DOCS + " with the heading " + heading).isNotNull();
        int at = lines.indexOf(lines.stream().filter(l -> l.startsWith(heading)).findFirst().get());
        Properties written = new Properties();
        written.load(new StringReader(block(lines, at, "```properties")));
        assertThat(written.stringPropertyNames())
                .as("the settings of the example in " + doc)
                .containsExactlyInAnyOrderElementsOf(settings.keySet());
        List<String> command =
                List.of(block(lines, at, "```bash").replace("\\\n", " ").strip().split("\\s+"));
        assertThat(command.get(0)).isEqualTo("bin/run");
        List<String> args = new ArrayList<>(command.subList(1, command.size()));
        int file = args.indexOf("--kafka-properties") + 1;
        Path copy = kafka.propertiesFile("example", settings);
        Files.copy(
                copy, LocalRunIT.dir.resolve(args.get(file)), StandardCopyOption.REPLACE_EXISTING);
        args.set(args.indexOf("--bootstrap-servers") + 1, bootstrap);
        String topic = args.get(args.indexOf("--input-topic") + 1);
        String user = heading.contains("TLS") ? "user_mtls" : "user_scram";
        try (KafkaProducer<String, String> p = KafkaTopics.producer(bootstrap, settings)) {
            KafkaTopics.send(
                    p,
                    topic,
                    user,
                    "{\"user_id\":\""
                            + user
                            + "\",\"amount\":12.5,\"location\":\"Madrid\","
                            + "\"timestamp\":\"2024-01-15T10:30:00Z\"}");
        }

        LocalRunIT.Result r = LocalRunIT.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).as("its row in the table").containsPattern("\\|\\s*" + user + "\\|");
        String help = LocalRunIT.run(args.get(0), "--help").out();
        for (String option : args)
            if (option.startsWith("--")) assertThat(help).as("--help").contains(option);
    }

    /** The text of the first block opened by {@code fence} after line {@code from}. */
    private static String block(List<String> lines, int from, String fence) {
        int start = from;
        while (!lines.get(start).equals(fence)) start++;
        int end = start + 1;
        while (!lines.get(end).equals("```")) end++;
        return String.join("\n", lines.subList(start + 1, end));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
