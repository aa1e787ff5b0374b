package dev.flinkrecipes.core.options;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How often the job checkpoints (and so commits its output). */
public final class CheckpointOptions implements OptionSection {
    @Option(
            names = "--checkpoint-interval",
            converter = DurationConverter.class,
            description =
                    "Checkpoint interval (0 = off; exactly-once Kafka sinks need it on). Default:"
                            + " ${DEFAULT-VALUE}.")
    public Duration checkpointInterval = Duration.ofSeconds(10);

    @Override
    public String heading() {
        return "Checkpointing and runtime";
    }
}
