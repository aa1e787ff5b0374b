package dev.flinkrecipes.core.options;

import picocli.CommandLine.Option;

/**
 * What a job reads ({@code --source}, one of the kinds its {@link JobOptions} offers) and how fast.
 */
public final class InputOptions implements OptionSection {
    @Option(
            names = "--source",
            description = "Input: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    public SourceKind source = SourceKind.kafka;

    @Option(
            names = "--max-rate",
            description =
                    "With --source kafka|file|generator: at most this many records per second for"
                        + " the whole job, at a steady pace (a replay at a fixed rate, like Spark's"
                        + " maxOffsetsPerTrigger; 0 = as fast as possible). Default: 0.")
    public double maxRate;

    @Override
    public String heading() {
        return "Input";
    }
}
