package dev.flinkrecipes.core.options;

import picocli.CommandLine.Option;

/** {@code --source kafka}: the topic, consumer group and where to start. */
public final class KafkaSourceOptions implements OptionSection {
    @Option(
            names = "--input-topic",
            description = "Kafka topic to read. Default: ${DEFAULT-VALUE}.")
    public String inputTopic;

    @Option(names = "--group-id", description = "Kafka consumer group. Default: the job name.")
    public String groupId;

    @Option(
            names = "--starting-offsets",
            description =
                    "Where a Kafka source starts without a checkpoint: ${COMPLETION-CANDIDATES}."
                            + " Default: ${DEFAULT-VALUE}.")
    public StartingOffsets startingOffsets = StartingOffsets.earliest;

    @Option(
            names = "--bounded",
            description =
                    "Read Kafka only up to the offsets that are latest at start, then finish"
                            + " (Spark's availableNow).")
    public boolean bounded;

    @Override
    public String heading() {
        return "Input";
    }
}
