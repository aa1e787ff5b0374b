package dev.flinkrecipes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's job table is made from the jobs themselves: each job's {@code @Command} header (the
 * line its {@code --help} and {@code bin/run --help} show) and the defaults of its {@code --source}
 * / {@code --sink} options. A job added, renamed or described anew changes the table here, so the
 * README cannot drift from the code. {@code -Dreadme.update=true} rewrites the table in place.
 */
class JobTableTest {
    static final Path README = Path.of("README.md");
    static final String START = "<!-- job table:", END = "<!-- end of job table -->";

    @Test
    void readmeJobTableIsTheJobsOwnDescription() throws Exception {
        String table = table();
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf('\n', readme.indexOf(START)) + 1, end = readme.indexOf(END);
        assertThat(start).as("README has the table's markers").isPositive();
        assertThat(end).isGreaterThanOrEqualTo(start);
        if (Boolean.getBoolean("readme.update")) {
            readme = readme.substring(0, start) + table + readme.substring(end);
            Files.writeString(README, readme, StandardCharsets.UTF_8);
            end = start + table.length();
        }
        assertThat(readme.substring(start, end))
                .as(
                        "README's job table (rewrite it: mvn test -Dtest=JobTableTest"
                                + " -Dreadme.update=true)")
                .isEqualTo(table);
    }

    /** One row per job: name, header, what it reads and writes by default. */
    static String table() {
        List<String> rows = new ArrayList<>();
        rows.add("| job | what it does | reads | writes |");
        rows.add("|---|---|---|---|");
        for (Map.Entry<String, CommandLine> job : Main.commandLine().getSubcommands().entrySet()) {
            CommandSpec spec = job.getValue().getCommandSpec();
            if (spec.findOption("--source") == null) continue; // a tool, not a job
            rows.add(
                    "| `"
                            + job.getKey()
                            + "` | "
                            + String.join(" ", spec.usageMessage().header()).replace("|", "\\|")
                            + " | "
                            + reads(spec)
                            + " | "
                            + writes(spec)
                            + " |");
        }
        return String.join("\n", rows) + "\n";
    }

    static String reads(CommandSpec spec) {
        return switch (initial(spec, "--source")) {
            case "kafka" ->
                    "`"
                            + initial(spec, "--input-topic")
                            + (spec.findOption("--updates-topic") == null
                                    ? "`"
                                    : "`, `" + initial(spec, "--updates-topic") + "`");
            case "file" -> "a folder (`--input`)";
            case "socket" ->
                    "socket "
                            + initial(spec, "--socket-host")
                            + ":"
                            + initial(spec, "--socket-port");
            default -> initial(spec, "--source");
        };
    }

    static String writes(CommandSpec spec) {
        // The jobs whose results leave Flink's sinks: the option that says where.
        if (spec.findOption("--parquet-path") != null) return "Parquet files (`--parquet-path`)";
        if (spec.findOption("--report-dir") != null) return "the console, `--report-dir`";
        if (spec.findOption("--store") != null) return "PostgreSQL or MongoDB (`--store`)";
        return switch (initial(spec, "--sink")) {
            case "kafka" -> "`" + initial(spec, "--output-topic") + "`";
            case "print" -> "the console";
            case "file" -> "files (`--output`)";
            default -> initial(spec, "--sink");
        };
    }

    private static String initial(CommandSpec spec, String option) {
        OptionSpec o = spec.findOption(option);
        return o == null ? "" : String.valueOf((Object) o.getValue());
    }
}
