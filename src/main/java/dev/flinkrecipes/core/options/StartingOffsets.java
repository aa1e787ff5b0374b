package dev.flinkrecipes.core.options;

/** Where a Kafka source starts when it has no checkpoint to resume from. */
public enum StartingOffsets {
    earliest,
    latest,
    /** The consumer group's committed offsets, falling back to earliest. */
    committed
}
