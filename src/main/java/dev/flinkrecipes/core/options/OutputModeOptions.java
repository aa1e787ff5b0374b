package dev.flinkrecipes.core.options;

import java.time.Duration;
import java.util.EnumSet;
import picocli.CommandLine.Option;

/**
 * An aggregating job's Spark output mode and trigger: offered when the job offers some modes
 * ({@link JobOptions#withOutputModes}), with its own defaults.
 */
public final class OutputModeOptions implements OptionSection {
    /** The modes this job offers; none for a job that does not aggregate. */
    public EnumSet<OutputMode> offered = EnumSet.noneOf(OutputMode.class);

    @Option(
            names = "--output-mode",
            description =
                    "Spark's output mode (each job says what its modes write). Default:"
                            + " ${DEFAULT-VALUE}.")
    public OutputMode outputMode = OutputMode.append;

    @Option(
            names = "--trigger",
            converter = DurationConverter.class,
            description =
                    "Processing-time trigger of update and complete modes (Spark's"
                            + " trigger(processingTime=...)). Default: ${DEFAULT-VALUE}.")
    public Duration trigger = Duration.ofSeconds(10);

    @Override
    public String heading() {
        return "Output";
    }

    /**
     * The {@code --output-mode} help of this job: what each of its modes writes, windows (with
     * {@code eventTime}) or a running table.
     */
    String describe(boolean eventTime) {
        StringBuilder sb =
                new StringBuilder("Spark's output mode: ")
                        .append(String.join(", ", offered.stream().map(Enum::name).toList()))
                        .append(".");
        for (OutputMode mode : offered) {
            sb.append(' ')
                    .append(mode)
                    .append(": ")
                    .append(
                            switch (mode) {
                                case append ->
                                        eventTime
                                                ? "each window once, final, when the watermark"
                                                        + " passes its end"
                                                : "each --trigger batch on its own, final";
                                case update ->
                                        eventTime
                                                ? "at every --trigger the windows that changed"
                                                      + " since the last one (\"final\": false),"
                                                      + " then each window's final row (\"final\":"
                                                      + " true); Kafka key <key>|<window_start>"
                                                : "at every --trigger the rows that changed since"
                                                        + " the last one (--trigger 0: every change"
                                                        + " at once)";
                                case complete ->
                                        eventTime
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
        return sb.append(". Default: ${DEFAULT-VALUE}.").toString();
    }
}
