package dev.flinkrecipes.transactions;

/**
 * A transaction flagged by the suspicious-transactions rules: every field, plus why and how bad.
 */
public class SuspiciousTransaction extends Transaction {
    /** {@code high_amount}, {@code suspicious_location} or {@code general_alert}. */
    public String alertType;

    /** {@code critical}, {@code high} or {@code medium}. */
    public String severity;

    public SuspiciousTransaction() {}

    public SuspiciousTransaction(Transaction t, String alertType, String severity) {
        super(t);
        this.alertType = alertType;
        this.severity = severity;
    }
}
