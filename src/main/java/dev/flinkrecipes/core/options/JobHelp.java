package dev.flinkrecipes.core.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Composes each job's command line from the option mixins its {@link JobOptions} offers ({@link
 * JobOptions#offered()}), each with the job's own defaults, and lists them in {@code --help} by
 * section ({@link OptionSection#heading()}), after the job's own options. An option of a mixin the
 * job does not offer is unknown to it, so {@code word-count --archive-dir} is an error.
 */
public final class JobHelp {
    private JobHelp() {}

    private static final String JOB_OPTIONS = "Job options";
    private static final String HELP = "Help";

    /**
     * Adds the mixins {@code options} offers to {@code job} (as {@link JobOptions} is mixed into
     * it) and lists them by section in its {@code --help}.
     */
    static void compose(CommandSpec job, JobOptions options) {
        options.offered()
                .forEach(
                        (name, section) ->
                                job.addMixin(
                                        name,
                                        withJobDefaults(
                                                CommandSpec.forAnnotatedObject(section), options)));
        Map<String, CommandLine.IHelpSectionRenderer> sections = job.usageMessage().sectionMap();
        sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
        sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, JobHelp::groupedOptions);
    }

    /**
     * The mixin's options with the job's values in their text: a duration's default as written on
     * the command line ({@code 2s}, not {@code PT2S}) for {@code ${DEFAULT-VALUE}}, the source
     * kinds this job reads, and what each of its output modes writes.
     */
    private static CommandSpec withJobDefaults(CommandSpec mixin, JobOptions o) {
        List<OptionSpec> declared = List.copyOf(mixin.options());
        // Removed and added back in their order, so that the options keep the order they are
        // declared in.
        declared.forEach(mixin::remove);
        for (OptionSpec option : declared) {
            OptionSpec.Builder b = option.toBuilder();
            if (option.initialValue() instanceof Duration d) {
                b.defaultValue(DurationConverter.format(d));
            }
            switch (option.longestName()) {
                case "--source" -> b.completionCandidates(names(o.sources));
                case "--output-mode" ->
                        b.completionCandidates(names(o.aggregation.offered))
                                .description(o.aggregation.describe(o.hasEventTime));
                default -> {}
            }
            mixin.addOption(b.build());
        }
        return mixin;
    }

    private static List<String> names(Set<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).toList();
    }

    /**
     * The option list in sections, each with its heading: the job's own options, then the mixins'
     * sections in the order of their first mixin, then help; within a section, as declared.
     */
    private static String groupedOptions(Help help) {
        CommandSpec spec = help.commandSpec();
        Map<String, List<OptionSpec>> bySection = new LinkedHashMap<>();
        bySection.put(JOB_OPTIONS, new ArrayList<>());
        Map<String, String> sectionOf = new LinkedHashMap<>();
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof OptionSection section) {
                bySection.putIfAbsent(section.heading(), new ArrayList<>());
                mixin.options().forEach(o -> sectionOf.put(o.longestName(), section.heading()));
            }
        }
        bySection.put(HELP, new ArrayList<>());
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) continue;
            String section =
                    option.usageHelp() || option.versionHelp()
                            ? HELP
                            : sectionOf.getOrDefault(option.longestName(), JOB_OPTIONS);
            bySection.get(section).add(option);
        }
        return bySection.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(
                        e ->
                                String.format("%n%s:%n", e.getKey())
                                        + help.optionListExcludingGroups(e.getValue()))
                .collect(Collectors.joining());
    }
}
