package dev.flinkrecipes.core.options;

/**
 * What a run does with an {@code --output} folder that already holds files, named as Spark's {@code
 * DataFrameWriter.mode}: a second run never mixes its rows into the first's by surprise.
 */
public enum SaveMode {
    /** Refuse to start (Spark's default). */
    errorifexists,
    /** Add this run's files beside the earlier ones. */
    append,
    /** Delete what earlier runs wrote (results, dlq and late folders) before starting. */
    overwrite
}
