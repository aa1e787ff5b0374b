package dev.flinkrecipes.core.windows;

import dev.flinkrecipes.testing.WindowHarness;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paned window operators (pre-aggregation before the shuffle, then the keyed panes) against Flink's own
 * window operator
 * ({@code window(SlidingEventTimeWindows).sideOutputLateData(late).aggregate(...)}) on the same random, out-of-order
 * input with late events, from two upstream instances whose watermarks differ: after every watermark both must have emitted the same windows (contents, bounds and
 * record timestamps) and sent the same events to the late output; and the same again when ours is restored
 * from a snapshot taken half-way.
 */
class PanedWindowAggregateTest {
    private static final long MIN = 60_000;

    /** An event: a key, a value, and an id to tell the events apart. */
    public static final class Reading {
        public String key;
        public long value;
        public long id;

        public Reading() {}

        Reading(String key, long value, long id) {
            this.key = key;
            this.value = value;
            this.id = id;
        }
    }

    public static final class Acc {
        public long count;
        public long sum;
        public long idHash;
    }

    static final class Totals implements AggregateFunction<Reading, Acc, Acc> {
        @Override public Acc createAccumulator() { return new Acc(); }
        @Override public Acc add(Reading r, Acc a) { a.count++; a.sum += r.value; a.idHash += r.id * r.id; return a; }
        @Override public Acc getResult(Acc a) { return a; }
        @Override public Acc merge(Acc a, Acc b) { a.count += b.count; a.sum += b.sum; a.idHash += b.idHash; return a; }
    }

    static final class Describe extends ProcessWindowFunction<Acc, String, String, TimeWindow> {
        @Override
        public void process(String key, Context ctx, Iterable<Acc> accs, Collector<String> out) {
            Acc a = accs.iterator().next();
            out.collect(key + " [" + ctx.window().getStart() + "," + ctx.window().getEnd() + ") n=" + a.count
                    + " sum=" + a.sum + " ids=" + a.idHash);
        }
    }

    private record Step(Reading reading, long timestamp, int channel, long watermark) {}

    /** Events drifting forward with jitter up to {@code disorder}, a watermark every few events, some far behind. */
    private static List<Step> script(long seed, long disorder, int events) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        long now = -3 * MIN + random.nextInt(1000); // across zero: negative timestamps align like Flink's
        long[] maxSeen = {Long.MIN_VALUE, Long.MIN_VALUE};
        for (int i = 0; i < events; i++) {
            now += random.nextInt(4000);
            int channel = random.nextInt(3) == 0 ? 1 : 0; // two upstream instances, the second one slower
            long ts = now - (long) (random.nextDouble() * disorder) - channel * disorder / 3;
            if (random.nextInt(50) == 0) ts -= 10 * MIN; // far behind: late for some or all of its windows
            maxSeen[channel] = Math.max(maxSeen[channel], ts);
            String key = "k" + random.nextInt(4);
            long watermark = random.nextInt(5) == 0 ? maxSeen[channel] - disorder / 2 - 1 : Long.MIN_VALUE;
            steps.add(new Step(new Reading(key, random.nextInt(1000), i), ts, channel, watermark));
        }
        return steps;
    }

    private static WindowHarness<Reading, String, Acc, String> flinks(long size, long slide) throws Exception {
        return new WindowHarness<>(Reading.class, new Reading("k", 0, 0), r -> r.key,
                (stream, key, late) -> stream.keyBy(key).window(SlidingEventTimeWindows.of(Duration.ofMillis(size), Duration.ofMillis(slide)))
                        .sideOutputLateData(late).aggregate(new Totals(), new Describe()), null, 2);
    }

    private static WindowHarness<Reading, String, Acc, String> panes(long size, long slide, OperatorSubtaskState restored)
            throws Exception {
        EventTimeWindows windows = new EventTimeWindows(size, slide);
        return new WindowHarness<>(Reading.class, new Reading("k", 0, 0), r -> r.key,
                (stream, key, late) -> dev.flinkrecipes.core.StreamJob.windowAggregate(stream, key, windows, new Totals(),
                        new Describe(), late, "panes", "panes"),
                restored, 2);
    }

    private static List<String> sorted(List<StreamRecord<String>> records) {
        return records.stream().map(r -> r.getTimestamp() + " " + r.getValue()).sorted(Comparator.naturalOrder()).toList();
    }

    @ParameterizedTest(name = "size {0} ms, slide {1} ms, disorder {2} ms, seed {3}")
    @CsvSource({
            "300000, 60000, 120000, 1",   // the transactions' 5 min / 1 min
            "300000, 60000, 600000, 2",   // watermark delay longer than the window
            "30000, 10000, 20000, 3",     // the e-commerce 30 s / 10 s
            "300000, 300000, 60000, 4",   // tumbling
            "60000, 60000, 0, 5",         // tumbling, in order: only the planted stragglers are late
    })
    void sameWindowsAndLateEventsAsFlinksWindowOperator(long size, long slide, long disorder, long seed) throws Exception {
        List<Step> steps = script(seed, disorder, 3000);
        int emitted = 0;
        List<Long> oursLate = new ArrayList<>();
        try (var flink = flinks(size, slide); var ours = panes(size, slide, null)) {
            var current = ours;
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                flink.add(s.reading(), s.timestamp(), s.channel());
                current.add(s.reading(), s.timestamp(), s.channel());
                if (s.watermark() != Long.MIN_VALUE) {
                    flink.watermark(s.watermark(), s.channel());
                    current.watermark(s.watermark(), s.channel());
                    List<String> expected = sorted(flink.drainRecords());
                    assertThat(sorted(current.drainRecords())).as("after watermark %d", s.watermark()).isEqualTo(expected);
                    emitted += expected.size();
                }
                if (i == steps.size() / 2) { // stop and resume from a snapshot: the rest must not notice
                    OperatorSubtaskState snapshot = current.snapshot();
                    oursLate.addAll(ids(current.lateEvents()));
                    var restored = panes(size, slide, snapshot);
                    for (int channel = 0; channel < 2; channel++) { // the sources' watermarks, as after a restart
                        if (current.channelWatermark(channel) != Long.MIN_VALUE) {
                            restored.watermark(current.channelWatermark(channel), channel);
                        }
                    }
                    assertThat(restored.drainRecords()).as("nothing fires twice after the restore").isEmpty();
                    current = restored;
                }
            }
            for (int channel = 0; channel < 2; channel++) {
                flink.watermark(Long.MAX_VALUE, channel);
                current.watermark(Long.MAX_VALUE, channel);
            }
            List<String> expected = sorted(flink.drainRecords());
            assertThat(sorted(current.drainRecords())).isEqualTo(expected);
            emitted += expected.size();
            oursLate.addAll(ids(current.lateEvents()));
            assertThat(oursLate).as("late events").isEqualTo(ids(flink.lateEvents())).isNotEmpty();
            assertThat(current.harness.numKeyedStateEntries()).as("all panes dropped").isZero();
            assertThat(current.harness.numEventTimeTimers()).isZero();
            current.close();
        }
        assertThat(emitted).as("the script must produce windows").isGreaterThan(50);
    }

    private static List<Long> ids(List<Reading> readings) {
        return readings.stream().map(r -> r.id).toList();
    }
}
