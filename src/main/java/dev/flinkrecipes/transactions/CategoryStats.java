package dev.flinkrecipes.transactions;

import dev.flinkrecipes.core.ops.Accumulate;
import dev.flinkrecipes.core.serde.Money;
import dev.flinkrecipes.core.windows.WindowRow;
import dev.flinkrecipes.core.windows.WindowRows;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * A category-analytics row: one (category, location) in one 5-minute tumbling window, with the
 * exact count of distinct users.
 */
public class CategoryStats extends WindowRow {
    public String category;
    public String location;
    public long transactionCount;
    public double totalRevenue;
    public double avgTransaction;
    public long uniqueUsers;

    public CategoryStats() {}

    /** The key: (category, location). */
    public static final class Key implements KeySelector<Transaction, Tuple2<String, String>> {
        @Override
        public Tuple2<String, String> getKey(Transaction t) {
            return Tuple2.of(t.category, t.location);
        }
    }

    /**
     * Window state: count, sum and the set of user ids seen. The set makes {@code unique_users}
     * exact (Spark's countDistinct); it holds at most the users active in one key's window.
     * Declared as {@code Set<String>}, it is serialized by Flink's own set serializer, not Kryo.
     */
    public static class Accumulator {
        public long count;
        public double sum;
        public Set<String> users = new HashSet<>();

        public Accumulator() {}
    }

    /**
     * Plugs into the paned window operators, which merge pane and partial accumulators in any
     * grouping: merge must agree with add. The count and the union of user sets do exactly; the
     * double sum only up to rounding (the tests allow 1e-12 relative, far below the cent the rows
     * show).
     */
    public static final class Aggregate extends Accumulate<Transaction, Accumulator> {
        @Override
        public Accumulator createAccumulator() {
            return new Accumulator();
        }

        @Override
        public Accumulator add(Transaction t, Accumulator a) {
            a.count++;
            a.sum += t.amount;
            a.users.add(t.userId);
            return a;
        }

        @Override
        public Accumulator merge(Accumulator a, Accumulator b) {
            a.count += b.count;
            a.sum += b.sum;
            a.users.addAll(b.users);
            return a;
        }
    }

    public static final class Emit
            extends WindowRows<Accumulator, CategoryStats, Tuple2<String, String>> {
        @Override
        protected CategoryStats row(Tuple2<String, String> key, Accumulator a) {
            CategoryStats row = new CategoryStats();
            row.category = key.f0;
            row.location = key.f1;
            row.transactionCount = a.count;
            row.totalRevenue = Money.cents(a.sum);
            row.avgTransaction = Money.cents(a.sum / a.count);
            row.uniqueUsers = a.users.size();
            return row;
        }
    }
}
