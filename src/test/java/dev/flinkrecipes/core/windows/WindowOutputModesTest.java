package dev.flinkrecipes.core.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.core.options.OutputMode;
import dev.flinkrecipes.testing.WindowHarness;
import dev.flinkrecipes.transactions.AmountStats;
import dev.flinkrecipes.transactions.LocationStats;
import dev.flinkrecipes.transactions.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Spark's update and complete modes on the paned windows, driven on a processing-time clock: which
 * rows each trigger writes, that the final row equals append mode's, and that state and timers go
 * with the last window. The production aggregate of the per-location job (5 min windows sliding
 * every minute), through the pre-aggregation before the shuffle, as the job wires it.
 */
class WindowOutputModesTest {
    private static final long MIN = 60_000;
    private static final long TRIGGER = 10_000;
    private static final WindowSpec WINDOWS =
            WindowSpec.sliding(java.time.Duration.ofMinutes(5), java.time.Duration.ofMinutes(1));

    private static WindowHarness<Transaction, String, AmountStats, LocationStats> harness(
            OutputMode mode) throws Exception {
        Emission emission =
                mode == OutputMode.append ? Emission.APPEND : new Emission(mode, TRIGGER);
        WindowHarness<Transaction, String, AmountStats, LocationStats> h =
                new WindowHarness<>(
                        Transaction.class,
                        txn("Madrid", 1, 0),
                        t -> t.location,
                        (stream, key, late) ->
                                PanedWindows.keyBy(stream, key)
                                        .window(WINDOWS)
                                        .trigger(emission)
                                        .sideOutputLateData(late)
                                        .aggregate(
                                                new AmountStats.Aggregate(),
                                                new LocationStats.Emit(),
                                                "windows",
                                                "windows"),
                        null,
                        1);
        h.processingTime(0);
        return h;
    }

    private static Transaction txn(String location, double amount, long timestamp) {
        return new Transaction("t", "u", amount, "m", "c", timestamp, location);
    }

    private static void add(
            WindowHarness<Transaction, String, AmountStats, LocationStats> h,
            String location,
            double amount,
            long timestamp)
            throws Exception {
        h.add(txn(location, amount, timestamp), timestamp);
    }

    /** A row as text: window, key, values, and (early modes) whether final. */
    private static String row(LocationStats s) {
        return Instant.ofEpochMilli(s.windowStart).toString().substring(11, 16)
                + " "
                + s.location
                + " n="
                + s.transactionCount
                + " sum="
                + s.totalAmount
                + " max="
                + s.maxAmount
                + (s.isFinal == null ? "" : s.isFinal ? " final" : " early");
    }

    private static List<String> rows(List<LocationStats> out) {
        return out.stream()
                .sorted(
                        Comparator.comparing((LocationStats s) -> s.location)
                                .thenComparing(s -> s.windowStart))
                .map(WindowOutputModesTest::row)
                .toList();
    }

    @Test
    void updateModeWritesTheChangedWindowsAtEachTriggerThenEachFinalRow() throws Exception {
        var h = harness(OutputMode.update);
        add(h, "Madrid", 10, 2 * MIN + 5); // windows starting 22:58 .. 00:02 (5 windows, all open)
        add(h, "Sevilla", 7, 4 * MIN);
        assertThat(h.drain()).as("nothing before the first trigger").isEmpty();

        h.processingTime(TRIGGER);
        List<LocationStats> first = h.drain();
        assertThat(first)
                .allSatisfy(
                        s -> {
                            assertThat(s.isFinal).isFalse();
                            assertThat(s.batch).isEqualTo(TRIGGER);
                        });
        assertThat(rows(first))
                .as("every window of both panes")
                .hasSize(10)
                .contains(
                        "23:58 Madrid n=1 sum=10.0 max=10.0 early",
                        "00:02 Madrid n=1 sum=10.0 max=10.0 early",
                        "00:00 Sevilla n=1 sum=7.0 max=7.0 early",
                        "00:04 Sevilla n=1 sum=7.0 max=7.0 early");

        h.processingTime(2 * TRIGGER);
        assertThat(h.drain()).as("nothing changed since the last trigger").isEmpty();

        add(h, "Madrid", 30, 5 * MIN + 1); // pane 00:05: windows 00:01 .. 00:05
        h.processingTime(3 * TRIGGER);
        assertThat(rows(h.drain()))
                .as("only Madrid's windows holding the new pane, with their current values")
                .containsExactly(
                        "00:01 Madrid n=2 sum=40.0 max=30.0 early",
                        "00:02 Madrid n=2 sum=40.0 max=30.0 early",
                        "00:03 Madrid n=1 sum=30.0 max=30.0 early",
                        "00:04 Madrid n=1 sum=30.0 max=30.0 early",
                        "00:05 Madrid n=1 sum=30.0 max=30.0 early");

        h.watermark(5 * MIN - 1); // closes the windows ending at 00:05 and before
        List<LocationStats> closed = h.drain();
        assertThat(rows(closed))
                .as("final rows, as the watermark closes the windows")
                .containsExactly(
                        "23:58 Madrid n=1 sum=10.0 max=10.0 final",
                                "23:59 Madrid n=1 sum=10.0 max=10.0 final",
                        "00:00 Madrid n=1 sum=10.0 max=10.0 final",
                                "00:00 Sevilla n=1 sum=7.0 max=7.0 final");
        assertThat(closed)
                .as("with the next trigger's batch")
                .allSatisfy(s -> assertThat(s.batch).isEqualTo(4 * TRIGGER));

        h.processingTime(4 * TRIGGER);
        assertThat(h.drain())
                .as("closed windows are not written again, open ones did not change")
                .isEmpty();
        h.close();
    }

    @Test
    void completeModeWritesEveryOpenWindowAtEveryTriggerWithNewData() throws Exception {
        var h = harness(OutputMode.complete);
        add(h, "Madrid", 10, 2 * MIN);
        h.processingTime(TRIGGER);
        assertThat(rows(h.drain())).hasSize(5);
        h.processingTime(2 * TRIGGER);
        assertThat(rows(h.drain())).as("no batch without new data, as in Spark").isEmpty();
        h.watermark(4 * MIN - 1); // closes 23:58 and 23:59
        assertThat(rows(h.drain()))
                .containsExactly(
                        "23:58 Madrid n=1 sum=10.0 max=10.0 final",
                        "23:59 Madrid n=1 sum=10.0 max=10.0 final");
        add(h, "Sevilla", 20, 2 * MIN); // new data: the next trigger writes the whole table
        h.processingTime(3 * TRIGGER);
        assertThat(rows(h.drain()))
                .as("every window the watermark has not dropped, unchanged ones too")
                .containsExactlyInAnyOrder(
                        "00:00 Madrid n=1 sum=10.0 max=10.0 early",
                        "00:01 Madrid n=1 sum=10.0 max=10.0 early",
                        "00:02 Madrid n=1 sum=10.0 max=10.0 early",
                        "00:00 Sevilla n=1 sum=20.0 max=20.0 early",
                        "00:01 Sevilla n=1 sum=20.0 max=20.0 early",
                        "00:02 Sevilla n=1 sum=20.0 max=20.0 early");
        h.close();
    }

    /**
     * The same random, out-of-order input in each mode: the final rows of update and complete modes
     * are append mode's rows, each window's final row comes once and after its early rows, no early
     * row follows a final one, and when the watermark has passed every window no state and no timer
     * is left.
     */
    @Test
    void finalRowsEqualAppendModesAndNothingIsLeftBehind() throws Exception {
        Random random = new Random(7);
        List<long[]> input =
                new ArrayList<>(); // {location, amount cents, timestamp, processing time}
        long now = 0;
        for (int i = 0; i < 2_000; i++) {
            now += random.nextInt(500);
            long t = 30 * MIN + i * 2_000L - random.nextInt(8 * 60_000);
            input.add(new long[] {random.nextInt(4), 1_000 + random.nextInt(500_000), t, now});
        }
        List<String> expected = finalRows(OutputMode.append, input);
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(finalRows(OutputMode.update, input)).isEqualTo(expected);
        assertThat(finalRows(OutputMode.complete, input)).isEqualTo(expected);
    }

    private static final String[] LOCATIONS = {"Madrid", "Barcelona", "Valencia", "Sevilla"};

    private static List<String> finalRows(OutputMode mode, List<long[]> input) throws Exception {
        var h = harness(mode);
        List<LocationStats> out = new ArrayList<>();
        long maxTimestamp = Long.MIN_VALUE;
        for (long[] e : input) {
            h.processingTime(e[3]);
            add(h, LOCATIONS[(int) e[0]], e[1] / 100.0, e[2]);
            maxTimestamp = Math.max(maxTimestamp, e[2]);
            h.watermark(maxTimestamp - 2 * MIN);
            out.addAll(h.drain());
        }
        h.watermark(Long.MAX_VALUE);
        h.processingTime(input.get(input.size() - 1)[3] + 10 * TRIGGER);
        out.addAll(h.drain());
        assertThat(h.harness.numKeyedStateEntries()).as("%s: state left", mode).isZero();
        assertThat(h.harness.numProcessingTimeTimers()).as("%s: triggers left", mode).isZero();
        assertThat(h.harness.numEventTimeTimers()).as("%s: window timers left", mode).isZero();

        java.util.Set<String> finals = new java.util.HashSet<>();
        List<String> finalRows = new ArrayList<>();
        for (LocationStats s : out) {
            String window = s.location + "@" + s.windowStart;
            assertThat(finals)
                    .as("%s: a row of %s after its final row", mode, window)
                    .doesNotContain(window);
            if (mode == OutputMode.append || s.isFinal) {
                finals.add(window);
                s.batch = null;
                s.isFinal = null;
                finalRows.add(row(s));
            }
        }
        return finalRows.stream().sorted().toList();
    }
}
