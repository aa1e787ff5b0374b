package dev.flinkrecipes.core.io;

/** The three outputs of every job; each goes to the sink kind chosen with {@code --sink}. */
public enum Channel {
    /** The job's results. */
    results,
    /** Records that failed to parse or validate, with the reason. */
    dlq,
    /** Events that arrived behind the watermark, too late for their window. */
    late
}
