package dev.flinkrecipes.commerce;

import org.apache.flink.api.common.functions.ReduceFunction;

/**
 * The batch report's partial sums for one key (an event type, a category, a user or a product):
 * every analysis of the document's batch report is a sum of these per key, finished and sorted on
 * the client.
 */
public class ReportRow {
    public String key;
    public long events;
    public long views;
    public long purchases;
    public double revenue;
    public double priceSum;

    public ReportRow() {}

    public static ReportRow of(String key, CommerceEvent e) {
        ReportRow r = new ReportRow();
        r.key = key;
        r.events = 1;
        r.views = CommerceEvent.VIEW.equals(e.eventType) ? 1 : 0;
        r.purchases = e.isPurchase() ? 1 : 0;
        r.revenue = e.revenue();
        r.priceSum = e.price;
        return r;
    }

    /** Adds two partial sums of the same key. */
    public static final class Sum implements ReduceFunction<ReportRow> {
        @Override
        public ReportRow reduce(ReportRow a, ReportRow b) {
            a.events += b.events;
            a.views += b.views;
            a.purchases += b.purchases;
            a.revenue += b.revenue;
            a.priceSum += b.priceSum;
            return a;
        }
    }
}
