package dev.flinkrecipes.transactions;

import dev.flinkrecipes.core.ops.Accumulate;

/**
 * Running count, sum and maximum of amounts: the window state of transaction-analytics and
 * user-spending, a few bytes per key and window.
 */
public class AmountStats {
    public long count;
    public double sum;
    public double max;

    public AmountStats() {}

    public double average() {
        return count == 0 ? 0 : sum / count;
    }

    /**
     * Adds each transaction's amount to the window's running stats. Plugs into the paned window
     * operators, which merge pane and partial accumulators in any grouping: merge must agree with
     * add. Count and max do exactly (the empty max is -infinity); the double sum only up to
     * rounding, its last bits depend on the order: the tests allow 1e-12 relative, far below the
     * cent the rows show (an average on a half cent may round either way).
     */
    public static final class Aggregate extends Accumulate<Transaction, AmountStats> {
        @Override
        public AmountStats createAccumulator() {
            AmountStats s = new AmountStats();
            s.max = Double.NEGATIVE_INFINITY;
            return s;
        }

        @Override
        public AmountStats add(Transaction t, AmountStats s) {
            s.count++;
            s.sum += t.amount;
            s.max = Math.max(s.max, t.amount);
            return s;
        }

        @Override
        public AmountStats merge(AmountStats a, AmountStats b) {
            a.count += b.count;
            a.sum += b.sum;
            a.max = Math.max(a.max, b.max);
            return a;
        }
    }
}
