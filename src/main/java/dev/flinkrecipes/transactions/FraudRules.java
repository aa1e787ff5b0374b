package dev.flinkrecipes.transactions;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The document's fraud rules, as intended: {@code is_fraud} when amount > 3000, or category is
 * Electronics and amount > 1000. (The Python has {@code col == "Electronics" & col > 1000}, which
 * Python's precedence turns into a different expression.) {@code risk_score} is 100 above 3000, 75
 * above 1000, 50 above 500, else 25. Only frauds are emitted.
 */
public final class FraudRules implements FlatMapFunction<Transaction, FraudAlert> {

    @Override
    public void flatMap(Transaction t, Collector<FraudAlert> out) {
        if (isFraud(t)) {
            out.collect(new FraudAlert(t, true, riskScore(t.amount)));
        }
    }

    public static boolean isFraud(Transaction t) {
        return t.amount > 3000 || ("Electronics".equals(t.category) && t.amount > 1000);
    }

    public static int riskScore(double amount) {
        if (amount > 3000) return 100;
        if (amount > 1000) return 75;
        if (amount > 500) return 50;
        return 25;
    }
}
