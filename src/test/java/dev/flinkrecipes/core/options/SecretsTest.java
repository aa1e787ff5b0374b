package dev.flinkrecipes.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkrecipes.Main;
import dev.flinkrecipes.testing.ConsoleCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Kafka client settings as a user gives them, and secrets as every surface shows them: masked in
 * the effective configuration (printed, logged, and the job's global parameters), never read out of
 * a properties file into a message, and refused keys named in one line.
 */
class SecretsTest {
    static final String SECRET = "Top-S3cret-93ab";

    @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

    @TempDir Path dir;

    /** A job's command line parsed and resolved, as StreamJob.create does before printing. */
    private static CommandLine job(String name, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = name;
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine cli =
                Main.commandLine().parseArgs(all).subcommand().commandSpec().commandLine();
        ((JobOptions) cli.getCommandSpec().mixins().get("options").userObject()).resolve(name);
        return cli;
    }

    @Test
    void sensitiveKeysByFlinksRuleAndOurs() {
        assertThat(Secrets.isSensitive("sasl.jaas.config")).isTrue();
        assertThat(Secrets.isSensitive("ssl.truststore.password")).isTrue();
        assertThat(Secrets.isSensitive("ssl.key.password")).isTrue();
        assertThat(Secrets.isSensitive("PGPASSWORD")).isTrue();
        assertThat(Secrets.isSensitive("jdbc-password")).isTrue();
        assertThat(Secrets.isSensitive("s3.secret-key")).isTrue();
        assertThat(Secrets.isSensitive("security.protocol")).isFalse();
        assertThat(Secrets.isSensitive("key.serializer")).isFalse();
        assertThat(Secrets.withoutUriPasswords("mongodb://app:" + SECRET + "@db:27017/?tls=true"))
                .isEqualTo("mongodb://app:******@db:27017/?tls=true");
        assertThat(Secrets.withoutUriPasswords("mongodb+srv://app@db/x"))
                .isEqualTo("mongodb+srv://app@db/x");
    }

    @Test
    void effectiveConfigurationMasksEverySecretItHolds() {
        Map<String, String> shown =
                EffectiveConfig.of(
                        job(
                                        "people-to-postgres",
                                        "--kafka-property",
                                        "security.protocol=SASL_SSL",
                                        "--kafka-property",
                                        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                                            + " required username=\"u\" password=\""
                                                + SECRET
                                                + "\";",
                                        "--jdbc-password",
                                        SECRET,
                                        "--mongo-uri",
                                        "mongodb://app:" + SECRET + "@db:27017/",
                                        "--conf",
                                        "s3.secret-key=" + SECRET)
                                .getCommandSpec());
        assertThat(String.valueOf(shown)).doesNotContain(SECRET);
        assertThat(shown)
                .containsEntry("jdbc-password", "******")
                .containsEntry("mongo-uri", "mongodb://app:******@db:27017/")
                .containsEntry("conf", "{s3.secret-key=******}")
                .containsEntry(
                        "kafka-property", "{sasl.jaas.config=******, security.protocol=SASL_SSL}");
    }

    @Test
    void aPropertiesFileIsShownByItsPathAndWinsUnderTheCommandLine() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(
                file,
                "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nsasl.jaas.config=x password=\""
                        + SECRET
                        + "\";\n");
        CommandLine cli =
                job(
                        "parsed-transactions",
                        "--kafka-properties",
                        file.toString(),
                        "--kafka-property",
                        "sasl.mechanism=SCRAM-SHA-512");
        assertThat(EffectiveConfig.of(cli.getCommandSpec()))
                .containsEntry("kafka-properties", file.toString());
        KafkaClientOptions kafka =
                ((JobOptions) cli.getCommandSpec().mixins().get("options").userObject()).kafka;
        assertThat(kafka.resolve())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config");
    }

    @Test
    void aFileThatCannotBeReadIsNamedButNotShown() throws Exception {
        Path file = dir.resolve("broken.properties");
        // a malformed \\uXXXX escape: Properties.load fails on it
        Files.writeString(file, "sasl.jaas.config=" + SECRET + "\\uZZZZ\n");
        KafkaClientOptions kafka = new KafkaClientOptions();
        kafka.propertiesFile = file;
        assertThatThrownBy(kafka::resolve)
                .hasMessageContaining(file.toString())
                .hasMessageNotContaining(SECRET);
        kafka.propertiesFile = dir.resolve("missing.properties");
        assertThatThrownBy(kafka::resolve).hasMessageEndingWith("missing.properties: no such file");
    }

    @Test
    void aKeyTheJobSetsItselfIsRefusedInOneLine() {
        for (String key : KafkaClientOptions.OWNED.keySet()) {
            console.reset();
            assertThat(Main.run("parsed-transactions", "--kafka-property", key + "=x"))
                    .as(key)
                    .isEqualTo(Main.BAD_OPTIONS);
            assertThat(console.err().lines().findFirst().orElse(""))
                    .startsWith(
                            "parsed-transactions: Kafka client setting '"
                                    + key
                                    + "' is set by flink-recipes itself and cannot be"
                                    + " overridden (");
        }
        console.reset();
        assertThat(
                        Main.run(
                                "consumer-lag",
                                "--group",
                                "g",
                                "--topic",
                                "t",
                                "--kafka-property",
                                "group.id=x"))
                .isEqualTo(Main.BAD_OPTIONS);
        assertThat(console.err()).contains("'group.id' is set by flink-recipes itself", "--group");
    }

    @Test
    void everyKafkaClientOffersTheSettings() {
        for (String command :
                new String[] {
                    "fraud-detection", "people-to-postgres", "consumer-lag", "produce-people"
                }) {
            console.reset();
            assertThat(Main.run(command, "--help")).isZero();
            assertThat(console.outFlat())
                    .as(command)
                    .contains("--kafka-property", "--kafka-properties");
        }
    }
}
