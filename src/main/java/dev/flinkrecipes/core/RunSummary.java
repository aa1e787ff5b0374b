package dev.flinkrecipes.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;

/**
 * What a finished run did, printed when a job returns from {@code execute()} (a bounded run, or any
 * run not detached): records read, results written, dead letters, late records and the wall time.
 * The numbers are the job's accumulators, which come back exact with its result (the metrics of the
 * same names are for watching it).
 */
public record RunSummary(
        String job,
        long recordsIn,
        long resultsOut,
        long deadLetters,
        long lateRecords,
        Duration wallTime) {
    /** Accumulator names, also shown under the job's accumulators in the Web UI. */
    public static final String RECORDS_IN = "recordsIn";

    public static final String RESULTS = "resultsOut";
    public static final String DEAD_LETTERS = "deadLetters";
    public static final String LATE = "lateRecords";

    public static RunSummary of(String job, JobExecutionResult result, Duration wallTime) {
        Map<String, Object> acc = result.getAllAccumulatorResults();
        return new RunSummary(
                job,
                count(acc, RECORDS_IN),
                count(acc, RESULTS),
                count(acc, DEAD_LETTERS),
                count(acc, LATE),
                wallTime);
    }

    private static long count(Map<String, Object> accumulators, String name) {
        return accumulators.get(name) instanceof Number n ? n.longValue() : 0;
    }

    /**
     * E.g. {@code word-count finished: 10 records in, 6 results out, 2 dead letters, 1 late record
     * in 3.2 s}.
     */
    public String render() {
        return String.format(
                Locale.ROOT,
                "%s finished: %s in, %s out, %s, %s in %.1f s",
                job,
                plural(recordsIn, "record"),
                plural(resultsOut, "result"),
                plural(deadLetters, "dead letter"),
                plural(lateRecords, "late record"),
                wallTime.toMillis() / 1000.0);
    }

    private static String plural(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
