package dev.flinkrecipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.testing.ConsoleCapture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --output-mode} and {@code --trigger}: offered by every job that aggregates, with its own
 * modes and defaults.
 */
class OutputModeOptionsTest {
    @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

    /** What was printed, with line wrapping undone: the help's width depends on the terminal. */
    private String out() {
        return console.outFlat();
    }

    private String err() {
        return console.errFlat();
    }

    @ParameterizedTest
    @CsvSource({
        "transaction-analytics, 'append, update, complete', append, 10s",
        "category-analytics, 'append, update, complete', append, 30s",
        "user-spending, 'append, update, complete', append, 10s",
        "ecommerce-event-stats, 'append, update, complete', append, 10s",
        "user-anomalies, 'append, update, complete', append, 10s",
        "app-log-stats, 'append, update, complete', append, 10s",
        "web-error-counts, 'append, update, complete', append, 10s",
        "word-count, 'append, update, complete', complete, 10s",
        "bizum, 'update, complete', complete, 5s",
        "user-totals, 'update, complete', update, 0ms",
    })
    void everyAggregationOffersItsOutputModes(
            String job, String modes, String defaultMode, String trigger) {
        assertThat(Main.run(job, "--help")).isZero();
        assertThat(out())
                .contains(
                        "--output-mode=<outputMode>",
                        "Spark's output mode: " + modes + ". " + modes.split(",")[0] + ":",
                        "Default: " + defaultMode + ".",
                        "--trigger=<trigger>",
                        "Default: " + trigger + ".");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"fraud-detection", "suspicious-transactions", "sensor-alerts", "invoices"})
    void jobsThatDoNotAggregateHaveNoOutputMode(String job) {
        assertThat(Main.run(job, "--help")).isZero();
        assertThat(out()).doesNotContain("--output-mode", "--trigger");
        assertThat(Main.run(job, "--output-mode", "update")).isEqualTo(2);
        assertThat(err()).contains("Unknown options: '--output-mode'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "bizum|--output-mode|append|--output-mode append is not offered by bizum; choose"
                    + " one of update, complete (append needs rows that become final: windows with"
                    + " a watermark)",
                "user-totals|--output-mode|append|--output-mode append is not offered by"
                        + " user-totals",
                "transaction-analytics|--trigger|0|--trigger must be above 0, got 0ms",
                "word-count|--trigger|0|--trigger must be above 0, got 0ms",
            })
    void modesAJobCannotRunAreOneLineErrors(
            String job, String option, String value, String message) {
        assertThat(Main.run(job, option, value, "--input", "/nonexistent-folder-for-the-test"))
                .isNotZero();
        assertThat(err()).contains(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--output-mode=complete", "--output-mode=update"})
    void aRunningTableUpdatesAtEveryChangeOnlyInUpdateMode(String mode) {
        // complete needs a trigger; update with 0 is an upsert stream
        int exit =
                Main.run(
                        "bizum",
                        mode,
                        "--trigger",
                        "0",
                        "--input",
                        "/nonexistent-folder-for-the-test");
        assertThat(exit).isNotZero();
        assertThat(err())
                .contains(
                        mode.endsWith("complete")
                                ? "--trigger must be above 0"
                                : "/nonexistent-folder-for-the-test");
    }
}
