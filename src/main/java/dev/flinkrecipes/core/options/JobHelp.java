package dev.flinkrecipes.core.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Shapes each job's command line after picocli has built it from {@link JobOptions}: only the
 * options the job uses (what it can read, whether it has event time and a late output), each with
 * the job's own default, and {@code --help} in groups (the job's own options, input, output, event
 * time, checkpointing and runtime). An option a job does not use is not only hidden but unknown, so
 * {@code word-count --archive-dir} is an error.
 */
public final class JobHelp {
    private JobHelp() {}

    /** The name picocli gives the {@code @Mixin JobOptions options} field of a job. */
    private static final String MIXIN = "options";

    private static final Map<String, String> GROUP_OF = new LinkedHashMap<>();
    private static final List<String> GROUPS =
            List.of(
                    "Job options",
                    "Input",
                    "Output",
                    "Event time",
                    "Checkpointing and runtime",
                    "Other shared options",
                    "Help");

    static {
        group(
                "Input",
                "--source",
                "--bootstrap-servers",
                "--kafka-property",
                "--kafka-properties",
                "--input-topic",
                "--group-id",
                "--starting-offsets",
                "--bounded",
                "--input",
                "--watch",
                "--max-files-per-cycle",
                "--after-commit",
                "--archive-dir",
                "--socket-host",
                "--socket-port",
                "--rate",
                "--count",
                "--seed",
                "--start-time",
                "--event-spacing",
                "--max-rate");
        group(
                "Output",
                "--output-mode",
                "--trigger",
                "--sink",
                "--output",
                "--mode",
                "--format",
                "--partition-by",
                "--show-rows",
                "--output-topic",
                "--dlq-topic",
                "--late-topic",
                "--delivery-guarantee",
                "--transactional-id-prefix",
                "--transaction-timeout",
                "--record-timestamp",
                "--quiet",
                "--verbose");
        group("Event time", "--idle-timeout", "--watermark-emission", "--max-future-skew");
        group(
                "Checkpointing and runtime",
                "--checkpoint-interval",
                "--state-backend",
                "--parallelism",
                "--conf");
        group("Help", "--help", "--version");
    }

    private static void group(String name, String... options) {
        for (String o : options) GROUP_OF.put(o, name);
    }

    /** The options of each source kind: shown only for a job that can read that kind. */
    private static final Map<SourceKind, Set<String>> SOURCE_OPTIONS =
            Map.of(
                    SourceKind.kafka,
                            Set.of(
                                    "--input-topic",
                                    "--group-id",
                                    "--starting-offsets",
                                    "--bounded"),
                    SourceKind.file,
                            Set.of(
                                    "--input",
                                    "--watch",
                                    "--max-files-per-cycle",
                                    "--after-commit",
                                    "--archive-dir"),
                    SourceKind.generator,
                            Set.of(
                                    "--rate",
                                    "--count",
                                    "--seed",
                                    "--start-time",
                                    "--event-spacing"),
                    SourceKind.socket, Set.of("--socket-host", "--socket-port"));

    private static final Set<String> RESULTS_OPTIONS =
            Set.of("--output-topic", "--format", "--partition-by");
    private static final Set<String> EVENT_TIME_OPTIONS =
            Set.of("--idle-timeout", "--watermark-emission", "--max-future-skew", "--late-topic");

    /** Tailors every job among {@code cli}'s subcommands (those that mix in {@link JobOptions}). */
    public static void tailorJobs(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            CommandSpec mixin = sub.getCommandSpec().mixins().get(MIXIN);
            if (mixin != null && mixin.userObject() instanceof JobOptions options) {
                tailor(sub, options);
            }
        }
    }

    static void tailor(CommandLine cmd, JobOptions options) {
        CommandSpec spec = cmd.getCommandSpec();
        List<OptionSpec> before = List.copyOf(spec.options());
        // Removed and added back in their order, so that the job's own options keep the order they
        // are declared in.
        before.forEach(spec::remove);
        for (OptionSpec option : before) {
            if (uses(options, option.longestName()))
                spec.addOption(withJobDefaults(option, options));
        }
        cmd.getHelpSectionMap()
                .put(
                        CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING,
                        help -> "");
        cmd.getHelpSectionMap()
                .put(
                        CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                        JobHelp::groupedOptions);
    }

    private static boolean uses(JobOptions o, String name) {
        for (Map.Entry<SourceKind, Set<String>> e : SOURCE_OPTIONS.entrySet()) {
            if (e.getValue().contains(name) && !o.sources.contains(e.getKey())) return false;
        }
        if (EVENT_TIME_OPTIONS.contains(name) && !o.eventTime) return false;
        // No results topic: the job writes its results elsewhere (its report folder, its own
        // Parquet, PostgreSQL), so
        // --sink places only its dead letters, always JSON.
        if (RESULTS_OPTIONS.contains(name) && o.outputTopic == null) return false;
        if ((name.equals("--output-mode") || name.equals("--trigger")) && o.outputModes.isEmpty())
            return false;
        return true;
    }

    private static final Pattern DEFAULT_TEXT = Pattern.compile("Default: [^.]*\\.?$");

    /**
     * The option with the job's own values in its text: the source kinds this job can read, and a
     * duration's default written as on the command line ({@code 2s}, not {@code PT2S}), whatever
     * the shared text says.
     */
    private static OptionSpec withJobDefaults(OptionSpec option, JobOptions o) {
        String[] description = option.description().clone();
        boolean changed = false;
        Object initial = option.initialValue();
        if (initial instanceof Duration d && description.length > 0) {
            int last = description.length - 1;
            Matcher m = DEFAULT_TEXT.matcher(description[last]);
            String text = "Default: " + DurationConverter.format(d) + ".";
            description[last] =
                    m.find()
                            ? m.replaceFirst(Matcher.quoteReplacement(text))
                            : description[last] + " " + text;
            changed = true;
        }
        List<String> candidates = null;
        if (option.longestName().equals("--source")) {
            // The text is already interpolated: name this job's kinds where it names them all.
            candidates = o.sources.stream().map(Enum::name).toList();
            String all =
                    String.join(
                            ", ",
                            EnumSet.allOf(SourceKind.class).stream().map(Enum::name).toList());
            for (int i = 0; i < description.length; i++) {
                description[i] = description[i].replace(all, String.join(", ", candidates));
            }
            changed = true;
        }
        if (option.longestName().equals("--output-mode") && !o.outputModes.isEmpty()) {
            candidates = o.outputModes.stream().map(Enum::name).toList();
            description = new String[] {outputModes(o)};
            changed = true;
        }
        if (!changed) return option;
        OptionSpec.Builder b = option.toBuilder().description(description);
        if (candidates != null) b.completionCandidates(candidates);
        return b.build();
    }

    /** What each of the job's output modes writes: windows (event time) or a running table. */
    private static String outputModes(JobOptions o) {
        StringBuilder sb =
                new StringBuilder("Spark's output mode: ")
                        .append(String.join(", ", o.outputModes.stream().map(Enum::name).toList()))
                        .append(".");
        for (OutputMode mode : o.outputModes) {
            sb.append(' ')
                    .append(mode)
                    .append(": ")
                    .append(
                            switch (mode) {
                                case append ->
                                        o.eventTime
                                                ? "each window once, final, when the watermark"
                                                        + " passes its end"
                                                : "each --trigger batch on its own, final";
                                case update ->
                                        o.eventTime
                                                ? "at every --trigger the windows that changed"
                                                      + " since the last one (\"final\": false),"
                                                      + " then each window's final row (\"final\":"
                                                      + " true); Kafka key <key>|<window_start>"
                                                : "at every --trigger the rows that changed since"
                                                        + " the last one (--trigger 0: every change"
                                                        + " at once)";
                                case complete ->
                                        o.eventTime
                                                ? "at every --trigger that had new input every"
                                                        + " window not closed yet, then each"
                                                        + " window's final row; Kafka key"
                                                        + " <key>|<window_start>. Unlike Spark's"
                                                        + " complete table, a window leaves it once"
                                                        + " the watermark closes it (so state stays"
                                                        + " bounded)"
                                                : "at every --trigger that had new input every"
                                                        + " row of the table (no batch without new"
                                                        + " data, as in Spark)";
                            })
                    .append(';');
        }
        sb.setLength(sb.length() - 1);
        return sb.append(". Default: ").append(o.outputMode).append('.').toString();
    }

    /**
     * The option list in groups, each with a heading, in a fixed order; within a group, as
     * declared.
     */
    private static String groupedOptions(Help help) {
        CommandSpec spec = help.commandSpec();
        CommandSpec shared = spec.mixins().get(MIXIN);
        Map<String, List<OptionSpec>> byGroup = new LinkedHashMap<>();
        GROUPS.forEach(g -> byGroup.put(g, new ArrayList<>()));
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) continue;
            String name = option.longestName();
            String group = GROUP_OF.get(name);
            if (group == null) {
                group =
                        shared != null && shared.findOption(name) != null
                                ? "Other shared options"
                                : "Job options";
            }
            byGroup.get(group).add(option);
        }
        List<String> order = new ArrayList<>(GROUP_OF.keySet());
        StringBuilder sb = new StringBuilder();
        byGroup.forEach(
                (group, list) -> {
                    if (list.isEmpty()) return;
                    list.sort((a, b) -> Integer.compare(rank(order, a), rank(order, b)));
                    sb.append(String.format("%n%s:%n", group));
                    sb.append(help.optionListExcludingGroups(list));
                });
        return sb.toString();
    }

    private static int rank(List<String> order, OptionSpec option) {
        int i = order.indexOf(option.longestName());
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
