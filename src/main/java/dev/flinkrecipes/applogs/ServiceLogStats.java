package dev.flinkrecipes.applogs;

import dev.flinkrecipes.core.ops.Accumulate;
import dev.flinkrecipes.core.windows.WindowRow;
import dev.flinkrecipes.core.windows.WindowRows;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;

/**
 * One service's log records in one 1-minute window, counted per level, with its error rate and
 * whether it crosses the alert threshold.
 */
public class ServiceLogStats extends WindowRow {
    public String service;
    public long total;
    public long debug;
    public long info;
    public long warn;
    public long error;

    /** error / total, 4 decimals. */
    public double errorRate;

    /** error_rate above the threshold, with at least the minimum number of records. */
    public boolean alert;

    public ServiceLogStats() {}

    /** Window state: a counter per level. */
    public static class Accumulator {
        public long debug;
        public long info;
        public long warn;
        public long error;

        public Accumulator() {}

        long total() {
            return debug + info + warn + error;
        }
    }

    /**
     * Plugs into the paned window operators, which merge pane and partial accumulators in any
     * grouping: merge must agree with add, which integer counters do exactly.
     */
    public static final class Aggregate extends Accumulate<AppLog, Accumulator> {
        @Override
        public Accumulator createAccumulator() {
            return new Accumulator();
        }

        @Override
        public Accumulator add(AppLog log, Accumulator a) {
            switch (log.level) {
                case "DEBUG" -> a.debug++;
                case "INFO" -> a.info++;
                case "WARN" -> a.warn++;
                default -> a.error++;
            }
            return a;
        }

        @Override
        public Accumulator merge(Accumulator a, Accumulator b) {
            a.debug += b.debug;
            a.info += b.info;
            a.warn += b.warn;
            a.error += b.error;
            return a;
        }
    }

    /** Adds the key and the alert decision (WindowRows adds the bounds). */
    public static final class Emit extends WindowRows<Accumulator, ServiceLogStats, String> {
        private final double errorRateThreshold;
        private final long minRecords;
        private transient Counter alerts;

        public Emit(double errorRateThreshold, long minRecords) {
            this.errorRateThreshold = errorRateThreshold;
            this.minRecords = minRecords;
        }

        @Override
        public void open(OpenContext context) {
            alerts = getRuntimeContext().getMetricGroup().counter("alertsEmitted");
        }

        @Override
        protected ServiceLogStats row(String service, Accumulator a) {
            ServiceLogStats row = new ServiceLogStats();
            row.service = service;
            row.total = a.total();
            row.debug = a.debug;
            row.info = a.info;
            row.warn = a.warn;
            row.error = a.error;
            row.errorRate = Math.round(10_000.0 * a.error / row.total) / 10_000.0;
            row.alert =
                    row.total >= minRecords && (double) a.error / row.total > errorRateThreshold;
            if (row.alert) alerts.inc();
            return row;
        }
    }
}
