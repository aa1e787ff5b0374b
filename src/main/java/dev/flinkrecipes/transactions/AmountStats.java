package dev.flinkrecipes.transactions;

import dev.flinkrecipes.core.ops.Accumulate;

/** Running count, sum and maximum of amounts: the window state of B1 and B5, a few bytes per key and window. */
public class AmountStats {
    public long count;
    public double sum;
    public double max;

    public AmountStats() {}

    public double average() {
        return count == 0 ? 0 : sum / count;
    }

    /** Adds each transaction's amount to the window's running stats. */
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
