package dev.flinkrecipes.core.options;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.transactions.FraudDetectionJob;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * --record-timestamp and the transactional id prefix, as --help and the printed effective
 * configuration show them.
 */
class KafkaOutputOptionsTest {

    private static CommandLine fraudDetection(String... args) {
        CommandLine cli = new CommandLine(new FraudDetectionJob());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.parseArgs(args);
        ((JobOptions) cli.getCommandSpec().mixins().get("options").userObject())
                .resolve(cli.getCommandName());
        return cli;
    }

    @Test
    void helpShowsTheOptionsAndTheirDefaults() {
        String help = fraudDetection().getUsageMessage().replaceAll("\\s+", " ");
        assertThat(help)
                .contains(
                        "--record-timestamp",
                        "write",
                        "event",
                        "Default: write",
                        "--transactional-id-prefix",
                        "Default: <job>-<output-topic>");
    }

    @Test
    void effectiveConfigurationShowsTheResolvedValues() {
        Map<String, String> byDefault = EffectiveConfig.of(fraudDetection().getCommandSpec());
        assertThat(byDefault)
                .containsEntry("record-timestamp", "write")
                .containsEntry("transactional-id-prefix", "fraud-detection-fraud_alerts");
        Map<String, String> chosen =
                EffectiveConfig.of(
                        fraudDetection(
                                        "--record-timestamp",
                                        "event",
                                        "--output-topic",
                                        "fraud_alerts_green")
                                .getCommandSpec());
        assertThat(chosen)
                .containsEntry("record-timestamp", "event")
                .containsEntry("transactional-id-prefix", "fraud-detection-fraud_alerts_green");
    }
}
