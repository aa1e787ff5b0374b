package dev.flinkrecipes.transactions;

/**
 * A transaction the fraud rules flag: every field, plus {@code is_fraud} and {@code risk_score}.
 */
public class FraudAlert extends Transaction {
    public boolean isFraud;

    /** 100, 75, 50 or 25. */
    public int riskScore;

    public FraudAlert() {}

    public FraudAlert(Transaction t, boolean isFraud, int riskScore) {
        super(t);
        this.isFraud = isFraud;
        this.riskScore = riskScore;
    }
}
