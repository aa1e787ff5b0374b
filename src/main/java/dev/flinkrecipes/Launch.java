package dev.flinkrecipes;

/**
 * bin/run's entry point: a JVM started for one command, whose exit code says how it went ({@link
 * Main#BAD_OPTIONS} or {@link Main#FAILED}). The only class here that exits its JVM, and it is left
 * out of the job jar (the shade filters in pom.xml): {@code flink run} and the REST API's {@code
 * POST /jars/<id>/run} can only call {@link Main#main}, which throws a {@link
 * Main.CommandFailedException} instead, so the JVM they run in (the JobManager's) lives on.
 */
public final class Launch {
    private Launch() {}

    public static void main(String[] args) {
        int code = Main.run(args);
        // Exit only on failure: a finished job's JVM ends by itself.
        if (code != 0) {
            System.exit(code);
        }
    }
}
