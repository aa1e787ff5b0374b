package dev.flinkrecipes.testing;

import dev.flinkrecipes.demo.EmbeddedKafka;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real broker (KRaft, in the test JVM) with the listeners a managed or secured Kafka has, each
 * on its own port beside the plaintext one the test uses to set things up:
 *
 * <ul>
 *   <li>{@code SECURE}: SASL_SSL with SCRAM-SHA-512 (user created by the test through the Admin
 *       API, as a managed Kafka's console does) and PLAIN;
 *   <li>{@code MTLS}: SSL with client certificates required (mutual TLS).
 * </ul>
 *
 * The certificates come from a CA the test makes ({@link TestCertificates}); a second CA the broker
 * does not know gives an untrusted client certificate and truststore.
 */
public final class SecuredKafka implements BeforeAllCallback, AfterAllCallback {
    public static final String SCRAM_USER = "flink-app";
    public static final String SCRAM_PASSWORD = "scram-S3cr3t-4f9a";
    public static final String PLAIN_USER = "plain-app";
    public static final String PLAIN_PASSWORD = "plain-S3cr3t-77c1";
    public static final String STORE_PASSWORD = "store-S3cr3t-d2e8";

    private final String[] topics;
    private Path dir;
    private EmbeddedKafka kafka;
    private Path truststore;
    private Path clientKeystore;
    private Path foreignTruststore;
    private Path foreignKeystore;

    /** With these topics (one partition each), created before the tests. */
    public SecuredKafka(String... topics) {
        this.topics = topics;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("secured-kafka");
        TestCertificates ca = TestCertificates.authority("flink-recipes test CA");
        truststore = ca.truststore(dir.resolve("truststore.p12"), STORE_PASSWORD);
        Path brokerKeystore = ca.keystore(dir.resolve("broker.p12"), "localhost", STORE_PASSWORD);
        clientKeystore = ca.keystore(dir.resolve("client.p12"), "flink-app", STORE_PASSWORD);
        TestCertificates foreign = TestCertificates.authority("a CA nobody trusts");
        foreignTruststore =
                foreign.truststore(dir.resolve("foreign-truststore.p12"), STORE_PASSWORD);
        foreignKeystore =
                foreign.keystore(dir.resolve("foreign-client.p12"), "intruder", STORE_PASSWORD);

        Map<String, String> broker = new LinkedHashMap<>();
        broker.put(
                "listeners",
                "EXTERNAL://localhost:0,CONTROLLER://localhost:0,SECURE://localhost:0,MTLS://localhost:0");
        broker.put(
                "listener.security.protocol.map",
                "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,SECURE:SASL_SSL,MTLS:SSL");
        broker.put("ssl.keystore.type", "PKCS12");
        broker.put("ssl.keystore.location", brokerKeystore.toString());
        broker.put("ssl.keystore.password", STORE_PASSWORD);
        broker.put("ssl.key.password", STORE_PASSWORD);
        broker.put("ssl.truststore.type", "PKCS12");
        broker.put("ssl.truststore.location", truststore.toString());
        broker.put("ssl.truststore.password", STORE_PASSWORD);
        broker.put("listener.name.mtls.ssl.client.auth", "required");
        broker.put("listener.name.secure.sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN");
        broker.put(
                "listener.name.secure.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        broker.put(
                "listener.name.secure.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_"
                        + PLAIN_USER
                        + "=\""
                        + PLAIN_PASSWORD
                        + "\";");
        kafka = EmbeddedKafka.start(broker);
        kafka.createTopics(1, topics);
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            admin.alterUserScramCredentials(
                            List.of(
                                    new UserScramCredentialUpsertion(
                                            SCRAM_USER,
                                            new ScramCredentialInfo(
                                                    ScramMechanism.SCRAM_SHA_512, 4096),
                                            SCRAM_PASSWORD)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        // The credential reaches the broker through the metadata log: wait until it logs in.
        Await.untilChecked(
                "the SCRAM user logging in",
                Duration.ofSeconds(30),
                () -> {
                    try (Admin admin = Admin.create(with(sasl(), saslBootstrap()))) {
                        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                        return true;
                    } catch (Exception e) {
                        return false;
                    }
                },
                () -> "");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (kafka != null) kafka.close();
        kafka = null;
    }

    /** The plaintext listener, for the test's own setup. */
    public String plainBootstrap() {
        return kafka.bootstrapServers();
    }

    /** The SASL_SSL listener. */
    public String saslBootstrap() {
        return kafka.bootstrapServers("SECURE");
    }

    /** The mutual-TLS listener. */
    public String mtlsBootstrap() {
        return kafka.bootstrapServers("MTLS");
    }

    /** Client settings for SASL_SSL with SCRAM-SHA-512, as a managed Kafka gives them. */
    public Map<String, String> sasl() {
        return sasl("SCRAM-SHA-512", SCRAM_USER, SCRAM_PASSWORD);
    }

    /** Client settings for SASL_SSL with {@code mechanism} and these credentials. */
    public Map<String, String> sasl(String mechanism, String user, String password) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", mechanism);
        p.put(
                "sasl.jaas.config",
                (mechanism.equals("PLAIN")
                                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                                : "org.apache.kafka.common.security.scram.ScramLoginModule")
                        + " required username=\""
                        + user
                        + "\" password=\""
                        + password
                        + "\";");
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", truststore.toString());
        p.put("ssl.truststore.password", STORE_PASSWORD);
        return p;
    }

    /** Client settings for mutual TLS: the CA's truststore and a client certificate it signed. */
    public Map<String, String> mutualTls() {
        return mutualTls(truststore, clientKeystore);
    }

    /** Mutual TLS with a client certificate from a CA the broker does not trust. */
    public Map<String, String> mutualTlsUntrustedClient() {
        return mutualTls(truststore, foreignKeystore);
    }

    /** SASL_SSL trusting only a CA that did not sign the broker's certificate. */
    public Map<String, String> saslTrustingAnotherCa() {
        Map<String, String> p = sasl();
        p.put("ssl.truststore.location", foreignTruststore.toString());
        return p;
    }

    private static Map<String, String> mutualTls(Path trust, Path keys) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SSL");
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", trust.toString());
        p.put("ssl.truststore.password", STORE_PASSWORD);
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", keys.toString());
        p.put("ssl.keystore.password", STORE_PASSWORD);
        p.put("ssl.key.password", STORE_PASSWORD);
        return p;
    }

    /** {@code settings} as a Java properties file, as a user keeps credentials. */
    public Path propertiesFile(String name, Map<String, String> settings) throws Exception {
        Properties p = new Properties();
        p.putAll(settings);
        Path file = dir.resolve(name + ".properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, null);
        }
        return file;
    }

    /** Client settings plus bootstrap servers: what a plain Kafka client is created from. */
    public static Map<String, Object> with(Map<String, String> settings, String bootstrap) {
        Map<String, Object> config = new LinkedHashMap<>(settings);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return config;
    }
}
