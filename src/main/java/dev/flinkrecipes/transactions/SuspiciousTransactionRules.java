package dev.flinkrecipes.transactions;

import java.util.Set;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The document's anomaly detection: amount above 5000 or a location on the watch list, classified
 * by {@code alert_type} and {@code severity}. Comparisons are strict, as in the Spark code: an
 * amount of exactly 5000 is not suspicious, exactly 10000 is {@code high}, not {@code critical}.
 */
public final class SuspiciousTransactionRules
        implements FlatMapFunction<Transaction, SuspiciousTransaction> {
    static final Set<String> SUSPICIOUS_LOCATIONS =
            Set.of("suspicious_country1", "suspicious_country2");

    @Override
    public void flatMap(Transaction t, Collector<SuspiciousTransaction> out) {
        if (isSuspicious(t)) {
            out.collect(new SuspiciousTransaction(t, alertType(t), severity(t.amount)));
        }
    }

    public static boolean isSuspicious(Transaction t) {
        return t.amount > 5000 || SUSPICIOUS_LOCATIONS.contains(t.location);
    }

    public static String alertType(Transaction t) {
        if (t.amount > 10000) return "high_amount";
        if ("suspicious_country1".equals(t.location)) return "suspicious_location";
        return "general_alert";
    }

    public static String severity(double amount) {
        if (amount > 10000) return "critical";
        if (amount > 5000) return "high";
        return "medium";
    }
}
