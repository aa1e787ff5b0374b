package dev.flinkrecipes.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.core.options.JobOptions;
import java.net.URI;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The default transactional id prefix, and which cluster a job's prefix is checked against. */
class TransactionalIdPrefixTest {

    private static JobOptions resolved(
            String job, String input, String output, String... overrides) {
        JobOptions o = new JobOptions(input, output);
        for (int i = 0; i < overrides.length; i += 2) {
            switch (overrides[i]) {
                case "--output-topic" -> o.results.outputTopic = overrides[i + 1];
                case "--transactional-id-prefix" ->
                        o.output.transactionalIdPrefix = overrides[i + 1];
                default -> throw new IllegalArgumentException(overrides[i]);
            }
        }
        o.resolve(job);
        return o;
    }

    @Test
    void defaultPrefixIsTheJobAndItsOutputTopic() {
        JobOptions o = resolved("fraud-detection", "transactions", "fraud_alerts");
        assertThat(o.output.transactionalIdPrefix).isEqualTo("fraud-detection-fraud_alerts");
        assertThat(Sinks.transactionalIdPrefix("results", o))
                .isEqualTo("fraud-detection-fraud_alerts-results");
        assertThat(Sinks.transactionalIdPrefix("dlq", o))
                .isEqualTo("fraud-detection-fraud_alerts-dlq");
        assertThat(Sinks.transactionalIdPrefix("late", o))
                .isEqualTo("fraud-detection-fraud_alerts-late");
        assertThat(Sinks.transactionalIdPrefix("dlq-updates", o))
                .as("a second input's dead letters")
                .isEqualTo("fraud-detection-fraud_alerts-dlq-updates");
    }

    @Test
    void sameOptionsSamePrefixOtherOutputTopicOtherPrefix() {
        // Deterministic: a restart or a savepoint resume with the same options finds its own
        // transactions.
        assertThat(
                        resolved("fraud-detection", "transactions", "fraud_alerts")
                                .output
                                .transactionalIdPrefix)
                .isEqualTo(
                        resolved("fraud-detection", "transactions", "fraud_alerts")
                                .output
                                .transactionalIdPrefix);
        // A second deployment (blue/green, a test next to production) writes elsewhere: its own
        // transactions, for its results, dead letters and late records alike.
        assertThat(
                        resolved(
                                        "fraud-detection",
                                        "transactions",
                                        "fraud_alerts",
                                        "--output-topic",
                                        "fraud_alerts_green")
                                .output
                                .transactionalIdPrefix)
                .isEqualTo("fraud-detection-fraud_alerts_green");
        assertThat(
                        resolved("suspicious-transactions", "transactions", "fraud_alerts")
                                .output
                                .transactionalIdPrefix)
                .isEqualTo("suspicious-transactions-fraud_alerts");
    }

    @Test
    void jobWithoutOutputTopicIsToldApartByItsDeadLetterTopic() {
        assertThat(resolved("kafka-to-parquet", "raw_events", null).output.transactionalIdPrefix)
                .isEqualTo("kafka-to-parquet-raw_events.dlq");
    }

    @Test
    void explicitPrefixIsKept() {
        assertThat(
                        resolved(
                                        "fraud-detection",
                                        "transactions",
                                        "fraud_alerts",
                                        "--transactional-id-prefix",
                                        "fd-blue")
                                .output
                                .transactionalIdPrefix)
                .isEqualTo("fd-blue");
    }

    @Test
    void checkedAgainstTheClusterTheJobIsSubmittedToNotALocalRun() {
        assertThat(
                        TransactionalIdCheck.restEndpoint(
                                Configuration.fromMap(
                                        Map.of("execution.target", "local", "rest.port", "8082"))))
                .as("local MiniCluster: nothing else runs there")
                .isEmpty();
        assertThat(TransactionalIdCheck.restEndpoint(new Configuration()))
                .as("nothing known")
                .isEmpty();
        assertThat(
                        TransactionalIdCheck.restEndpoint(
                                Configuration.fromMap(Map.of("execution.target", "remote"))))
                .contains(URI.create("http://localhost:8081"));
        assertThat(
                        TransactionalIdCheck.restEndpoint(
                                Configuration.fromMap(
                                        Map.of(
                                                "execution.target",
                                                "remote",
                                                "jobmanager.rpc.address",
                                                "jm.example",
                                                "rest.port",
                                                "18081"))))
                .contains(URI.create("http://jm.example:18081"));
        assertThat(
                        TransactionalIdCheck.restEndpoint(
                                Configuration.fromMap(
                                        Map.of("rest.address", "flink", "rest.port", "8081"))))
                .contains(URI.create("http://flink:8081"));
    }
}
