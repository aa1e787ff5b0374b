package dev.flinkrecipes.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransactionRulesTest {

    private static Transaction txn(double amount, String category, String location) {
        return new Transaction("txn_1", "user_1", amount, "Amazon", category, 0L, location);
    }

    @ParameterizedTest(name = "amount {0} at {1} -> suspicious={2} {3}/{4}")
    @CsvSource({
        "5000.00,  Madrid,              false, ,                    ",
        "5000.01,  Madrid,              true,  general_alert,       high",
        "10000.00, Madrid,              true,  general_alert,       high",
        "10000.01, Madrid,              true,  high_amount,         critical",
        "10.00,    suspicious_country1, true,  suspicious_location, medium",
        "10.00,    suspicious_country2, true,  general_alert,       medium",
        "20000.00, suspicious_country1, true,  high_amount,         critical",
        "6000.00,  suspicious_country1, true,  suspicious_location, high",
        "0.00,     Sevilla,             false, ,                    ",
    })
    void suspiciousTransactions(
            double amount, String location, boolean suspicious, String type, String severity) {
        List<SuspiciousTransaction> out = new ArrayList<>();
        new SuspiciousTransactionRules()
                .flatMap(txn(amount, "Gas", location), new ListCollector<>(out));
        assertThat(out).hasSize(suspicious ? 1 : 0);
        if (suspicious) {
            SuspiciousTransaction a = out.get(0);
            assertThat(a.alertType).isEqualTo(type);
            assertThat(a.severity).isEqualTo(severity);
            assertThat(a.transactionId).isEqualTo("txn_1");
            assertThat(a.amount).isEqualTo(amount);
            assertThat(a.location).isEqualTo(location);
        }
    }

    @ParameterizedTest(name = "{0} {1} -> fraud={2} risk={3}")
    @CsvSource({
        "3000.00, Groceries,   false, 75",
        "3000.01, Groceries,   true,  100",
        "1000.00, Electronics, false, 50",
        "1000.01, Electronics, true,  75",
        "1000.01, Clothing,    false, 75",
        "500.00,  Gas,         false, 25",
        "500.01,  Gas,         false, 50",
        "5000.00, Gas,         true,  100",
        "10000.00, Electronics, true, 100",
    })
    void fraudRules(double amount, String category, boolean fraud, int risk) {
        Transaction t = txn(amount, category, "Madrid");
        assertThat(FraudRules.isFraud(t)).isEqualTo(fraud);
        assertThat(FraudRules.riskScore(amount)).isEqualTo(risk);
        List<FraudAlert> out = new ArrayList<>();
        new FraudRules().flatMap(t, new ListCollector<>(out));
        assertThat(out).hasSize(fraud ? 1 : 0);
        if (fraud) {
            assertThat(out.get(0).isFraud).isTrue();
            assertThat(out.get(0).riskScore).isEqualTo(risk);
            assertThat(out.get(0).userId).isEqualTo("user_1");
        }
    }

    /** The Spark document's operator-precedence bug, fixed: Electronics below 1000 is not fraud. */
    @Test
    void electronicsAtOrBelow1000IsNotFraud() {
        assertThat(FraudRules.isFraud(txn(999.99, "Electronics", "Madrid"))).isFalse();
    }

    private record ListCollector<T>(List<T> list) implements org.apache.flink.util.Collector<T> {
        @Override
        public void collect(T record) {
            list.add(record);
        }

        @Override
        public void close() {}
    }
}
