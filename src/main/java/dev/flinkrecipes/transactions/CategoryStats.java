package dev.flinkrecipes.transactions;

import dev.flinkrecipes.core.serde.Money;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.util.HashSet;
import java.util.Set;

/** B4's row: one (category, location) in one 5-minute tumbling window, with the exact count of distinct users. */
public class CategoryStats {
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long windowStart;
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long windowEnd;
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
     * Window state: count, sum and the set of user ids seen. The set makes {@code unique_users} exact
     * (Spark's countDistinct); it holds at most the users active in one key's window. Declared as
     * {@code Set<String>}, it is serialized by Flink's own set serializer, not Kryo.
     */
    public static class Accumulator {
        public long count;
        public double sum;
        public Set<String> users = new HashSet<>();

        public Accumulator() {}
    }

    public static final class Aggregate implements AggregateFunction<Transaction, Accumulator, Accumulator> {
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
        public Accumulator getResult(Accumulator a) {
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
            extends ProcessWindowFunction<Accumulator, CategoryStats, Tuple2<String, String>, TimeWindow> {
        @Override
        public void process(Tuple2<String, String> key, Context ctx, Iterable<Accumulator> accs, Collector<CategoryStats> out) {
            Accumulator a = accs.iterator().next();
            CategoryStats row = new CategoryStats();
            row.windowStart = ctx.window().getStart();
            row.windowEnd = ctx.window().getEnd();
            row.category = key.f0;
            row.location = key.f1;
            row.transactionCount = a.count;
            row.totalRevenue = Money.cents(a.sum);
            row.avgTransaction = Money.cents(a.sum / a.count);
            row.uniqueUsers = a.users.size();
            out.collect(row);
        }
    }
}
