package dev.flinkrecipes.core.options;

/** Spark's output modes, for the jobs that keep a running table (word count, bizum). */
public enum OutputMode {
    /** Every row of the table at every trigger. */
    complete,
    /** Only the rows that changed since the last trigger. */
    update,
    /** Every change as it happens, no trigger (an upsert stream). */
    upsert
}
