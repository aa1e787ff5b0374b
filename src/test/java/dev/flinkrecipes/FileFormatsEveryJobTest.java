package dev.flinkrecipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.SavepointSafetyTest.GraphCapture;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.ConsoleCapture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every job that writes results through {@code --sink} builds with {@code --format csv} and {@code
 * parquet} (its result class maps to columns), and refuses a {@code --partition-by} field its
 * results do not have, naming the fields it can partition by; a job whose results go elsewhere
 * offers neither option.
 */
class FileFormatsEveryJobTest {
    @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

    @BeforeEach
    void capture() {
        GraphCapture.install();
    }

    @AfterEach
    void restore() {
        GraphCapture.uninstall();
    }

    static List<String> jobs() {
        return SavepointSafetyTest.jobs();
    }

    private static boolean writesResults(String job) {
        CommandLine cli = new CommandLine(new Main());
        return cli.getSubcommands().get(job).getCommandSpec().findOption("--output-topic") != null;
    }

    private int build(String job, String... extra) {
        String[] base = {
            job,
            "--source",
            "file",
            "--input",
            "/tmp/in",
            "--sink",
            "file",
            "--output",
            "/tmp/out",
            "--checkpoint-interval",
            job.equals("ecommerce-report") ? "0" : "10s"
        };
        return Main.run(
                Await.concat(
                        Await.concat(base, extra),
                        SavepointSafetyTest.OWN_OPTIONS.getOrDefault(job, new String[0])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void everyJobsResultsAreColumnsOrTheOptionIsNotOffered(String job) {
        if (!writesResults(job)) {
            assertThat(build(job, "--format", "csv")).isEqualTo(2);
            assertThat(console.err()).contains("Unknown options: '--format'");
            return;
        }
        assertThat(build(job, "--format", "csv")).as(console.err()).isZero();
        assertThat(build(job, "--format", "parquet")).as(console.err()).isZero();
        assertThat(GraphCapture.GRAPHS).hasSize(2);
        assertThat(build(job, "--partition-by", "no_such_field")).isEqualTo(2);
        // (a warning may come first: the input path does not exist, nothing runs; and the start
        // lines of the two builds before, "<job>: <input> -> <output> ...")
        String error =
                console.err()
                        .lines()
                        .filter(l -> l.startsWith(job + ": ") && !l.contains(" -> "))
                        .findFirst()
                        .orElse("");
        assertThat(error)
                .startsWith(job + ": --partition-by no_such_field: no such field in ")
                .containsAnyOf("; choose one of ", "; it has no timestamp field to partition by");
    }
}
