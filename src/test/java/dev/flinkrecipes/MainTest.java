package dev.flinkrecipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.testing.ConsoleCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The command line a user meets first: the job list, a job's options, and clear errors. */
class MainTest {
    @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

    /** What was printed, with line wrapping undone: the help's width depends on the terminal. */
    private String out() {
        return console.outFlat();
    }

    private String err() {
        return console.errFlat();
    }

    @Test
    void helpListsEveryJob() {
        assertThat(Main.run("--help")).isZero();
        assertThat(out())
                .contains(
                        "transaction-analytics",
                        "suspicious-transactions",
                        "fraud-detection",
                        "category-analytics",
                        "user-spending",
                        "produce-transactions");
    }

    @Test
    void jobHelpListsOptionsWithTheJobsOwnDefaults() {
        assertThat(Main.run("fraud-detection", "--help")).isZero();
        assertThat(out())
                .contains(
                        "--source",
                        "kafka, file, generator, socket",
                        "Default: kafka",
                        "--input-topic",
                        "Default: transactions",
                        "--output-topic",
                        "Default: fraud_alerts",
                        "--checkpoint-interval",
                        "Default: 10s")
                .doesNotContain("--inject-failure-after");
    }

    @Test
    void jobListGivesEachJobAWholeSentence() {
        assertThat(Main.run("--help")).isZero();
        assertThat(out())
                .contains(
                        "Per location, sliding 5 min windows every 1 min: count, total, average and"
                                + " max amount.")
                .doesNotContain("B1 ", "C1 ");
        assertThat(console.err()).as("no picocli warning").isEmpty();
    }

    @Test
    void jobHelpShowsOnlyTheOptionsTheJobUsesInGroups() {
        assertThat(Main.run("word-count", "--help")).isZero();
        String wordCount = out();
        assertThat(wordCount)
                .contains(
                        "Job options:",
                        "Input:",
                        "Output:",
                        "Checkpointing and runtime:",
                        "--socket-port",
                        "--trigger",
                        "Default: 10s",
                        "Default: socket")
                .doesNotContain("--late-topic", "--watermark-emission", "Event time:");
        console.reset();

        assertThat(Main.run("bizum", "--help")).isZero();
        assertThat(out())
                .contains("--watch", "Default: 2s", "kafka, file, socket", "Default: file")
                .doesNotContain("--rate=", "--seed=", "PT2S");
        console.reset();

        assertThat(Main.run("transaction-analytics", "--help")).isZero();
        assertThat(out()).contains("Event time:", "--watermark-emission", "--late-topic");
    }

    @Test
    void anOptionTheJobDoesNotUseIsAnErrorInThreeLines() {
        assertThat(Main.run("word-count", "--late-topic", "x")).isEqualTo(2);
        String text = console.err();
        assertThat(text).contains("Unknown option", "--late-topic", "word-count --help");
        assertThat(text.lines().count()).as(text).isLessThanOrEqualTo(3);
    }

    @Test
    void aTypeErrorIsTwoLinesNotTheUsage() {
        assertThat(Main.run("fraud-detection", "--parallelism", "many")).isEqualTo(2);
        String text = console.err();
        assertThat(text)
                .contains("--parallelism", "many", "fraud-detection --help")
                .doesNotContain("--checkpoint-interval");
        assertThat(text.lines().count()).as(text).isLessThanOrEqualTo(3);
    }

    @Test
    void aSourceTheJobHasNotIsRefusedWithItsChoices() {
        assertThat(Main.run("bizum", "--source", "generator")).isEqualTo(2);
        assertThat(err())
                .contains("--source generator is not offered by bizum", "kafka, file, socket");
    }

    @Test
    void noJobSaysWhatToName() {
        assertThat(Main.run(new String[0])).isEqualTo(2);
        assertThat(err()).contains("Missing <job>", "fraud-detection");
    }

    @Test
    void unknownJobFails() {
        assertThat(Main.run("fraud-detector")).isEqualTo(2);
        assertThat(err()).contains("fraud-detector", "fraud-detection");
    }

    @Test
    void badEnumValueListsTheValidChoices() {
        assertThat(Main.run("fraud-detection", "--source", "s3")).isEqualTo(2);
        assertThat(err()).contains("--source", "s3", "kafka, file, generator, socket");
    }

    @Test
    void badDurationSaysHowToWriteOne() {
        assertThat(Main.run("fraud-detection", "--checkpoint-interval", "soon")).isEqualTo(2);
        assertThat(err()).contains("'soon' is not a duration");
    }

    @Test
    void aDurationNeedsItsUnitOnEveryOptionAndTool() {
        assertThat(Main.run("word-count", "--trigger", "5")).isEqualTo(2);
        assertThat(err()).contains("'5' has no unit; write e.g. 5s, 5ms or 5min");
        assertThat(out()).as("refused before anything is printed or run").isEmpty();
        assertThat(Main.run("simulate-drops", "--from", ".", "--to", ".", "--every", "5"))
                .isEqualTo(2);
        assertThat(Main.run("word-count", "--trigger", "0", "--output-mode", "update", "--help"))
                .as("0 needs no unit")
                .isZero();
    }

    @Test
    void optionsThatCannotWorkTogetherAreRejectedBeforeAnythingRuns() {
        assertThat(Main.run("fraud-detection", "--source", "file")).isEqualTo(2);
        assertThat(err()).contains("--source file needs --input");

        assertThat(Main.run("fraud-detection", "--checkpoint-interval", "0")).isEqualTo(2);
        assertThat(err()).contains("EXACTLY_ONCE commits on checkpoints");

        assertThat(Main.run("fraud-detection", "--checkpoint-interval", "20min")).isEqualTo(2);
        assertThat(err())
                .contains(
                        "--transaction-timeout (10min) must be longer than --checkpoint-interval"
                                + " (20min)");
    }
}
