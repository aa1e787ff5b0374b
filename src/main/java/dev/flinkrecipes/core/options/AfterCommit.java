package dev.flinkrecipes.core.options;

/** What becomes of an input file once every record read from it is committed downstream. */
public enum AfterCommit {
    /** Leave it (the source remembers it was read). */
    keep,
    /** Move it to --archive-dir (Spark's cleanSource=archive). */
    archive,
    /** Delete it (Spark's cleanSource=delete). */
    delete
}
