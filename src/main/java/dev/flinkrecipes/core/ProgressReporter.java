package dev.flinkrecipes.core;

import dev.flinkrecipes.core.ops.ParseOrDeadLetter;
import dev.flinkrecipes.core.time.EventTime;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.metrics.reporter.Scheduled;

/**
 * A progress line on stderr every few seconds of a local run: records read, their rate, dead
 * letters and the event-time watermark. A Flink metric reporter of the run's own MiniCluster, so it
 * reads the same counters the Web UI shows, in the same JVM. Under {@code flink run} a job's
 * configuration does not set up the cluster's reporters, so it prints nothing there.
 */
public final class ProgressReporter implements MetricReporter, Scheduled {
    static final String INTERVAL = "5 s";

    /**
     * Adds the reporter to a local run's configuration, unless {@code quiet} or not run from a
     * terminal.
     */
    public static void configure(Configuration conf, boolean quiet) {
        if (quiet || System.console() == null) return;
        conf.setString("metrics.reporter.progress.factory.class", Factory.class.getName());
        conf.setString("metrics.reporter.progress.interval", INTERVAL);
    }

    /** Found by Flink through {@code META-INF/services}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new ProgressReporter(System.err);
        }
    }

    private final PrintStream out;

    /** Records into the parse operators (every job reads through one), per subtask. */
    private final Map<MetricGroup, Gauge<?>> recordsIn = new ConcurrentHashMap<>();

    private final Map<MetricGroup, Counter> deadLetters = new ConcurrentHashMap<>();

    /** The watermark the event-time operators emitted last, per subtask. */
    private final Map<MetricGroup, Gauge<?>> watermarks = new ConcurrentHashMap<>();

    private long lastCount = -1;
    private long lastNanos;

    ProgressReporter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        // Found by the metrics the operators register themselves, whatever their names.
        if (name.equals(ParseOrDeadLetter.RECORDS_IN_METRIC) && metric instanceof Gauge<?> g)
            recordsIn.put(group, g);
        if (name.equals(ParseOrDeadLetter.DEAD_LETTERS_METRIC) && metric instanceof Counter c)
            deadLetters.put(group, c);
        if (name.equals(EventTime.WATERMARK_METRIC) && metric instanceof Gauge<?> g)
            watermarks.put(group, g);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        recordsIn.remove(group, metric);
        deadLetters.remove(group, metric);
        watermarks.remove(group, metric);
    }

    @Override
    public void report() {
        if (recordsIn.isEmpty()) return; // no job running yet
        long count = sum(recordsIn);
        long now = System.nanoTime();
        StringBuilder line =
                new StringBuilder("progress: ")
                        .append(String.format(Locale.ROOT, "%,d records in", count));
        if (lastCount >= 0) {
            double rate = (count - lastCount) * 1e9 / (now - lastNanos);
            line.append(String.format(Locale.ROOT, " (%,.0f/s)", rate));
        }
        long dead = deadLetters.values().stream().mapToLong(Counter::getCount).sum();
        line.append(String.format(Locale.ROOT, ", %,d dead letters", dead));
        long watermark = Long.MAX_VALUE;
        for (Gauge<?> g : watermarks.values()) {
            if (g.getValue() instanceof Number n) watermark = Math.min(watermark, n.longValue());
        }
        if (watermark != Long.MAX_VALUE) {
            line.append(", watermark ")
                    .append(
                            watermark <= 0
                                    ? "none yet"
                                    : Instant.ofEpochMilli(watermark).toString());
        }
        out.println(line);
        lastCount = count;
        lastNanos = now;
    }

    private static long sum(Map<MetricGroup, Gauge<?>> gauges) {
        long sum = 0;
        for (Gauge<?> g : gauges.values())
            if (g.getValue() instanceof Number n) sum += n.longValue();
        return sum;
    }
}
