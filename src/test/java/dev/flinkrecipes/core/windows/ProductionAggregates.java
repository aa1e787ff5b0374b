package dev.flinkrecipes.core.windows;

import dev.flinkrecipes.applogs.AppLog;
import dev.flinkrecipes.applogs.ServiceLogStats;
import dev.flinkrecipes.commerce.CommerceEvent;
import dev.flinkrecipes.commerce.EventTypeStats;
import dev.flinkrecipes.commerce.UserActivity;
import dev.flinkrecipes.core.ops.Count;
import dev.flinkrecipes.transactions.AmountStats;
import dev.flinkrecipes.transactions.CategoryStats;
import dev.flinkrecipes.transactions.Transaction;
import dev.flinkrecipes.weblogs.WebRequest;
import java.io.Serializable;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Every aggregate the jobs plug into the paned window operators ({@code
 * StreamJob.aggregateWindows}), with a key as its job uses, a maker of random events for it, and
 * how to compare two of its accumulators: the parts that must be equal (counts, maxima, sets) and
 * its double sums, which merging panes and partials adds up in another order than event by event.
 */
final class ProductionAggregates {
    private ProductionAggregates() {}

    /**
     * Relative tolerance for double sums added in a different order. Every term here is >= 0, so
     * any order's rounding error is below (n - 1) * 2^-53 * sum (recursive summation); two orders
     * differ by at most twice that: 4.4e-13 * sum for n = 2000 events, more than a window gets
     * here. Far below a cent on these sums.
     */
    static final double SUM_TOLERANCE = 1e-12;

    /** Makes the {@code id}-th event at {@code timestamp} from {@code random}. */
    @FunctionalInterface
    interface Events<IN> extends Serializable {
        IN make(Random random, long id, long timestamp);
    }

    /** One production aggregate and what a test needs to drive it and compare its accumulators. */
    record Case<IN, K, ACC>(
            String name,
            Class<IN> type,
            KeySelector<IN, K> key,
            SerializableSupplier<AggregateFunction<IN, ACC, ACC>> aggregate,
            Events<IN> events,
            SerializableFunction<IN, String> id,
            SerializableFunction<ACC, String> exact,
            SerializableFunction<ACC, double[]> sums) {

        @Override
        public String toString() {
            return name;
        }
    }

    static final String[] LOCATIONS = {"Madrid", "Barcelona", "Valencia", "Sevilla"};
    static final String[] CATEGORIES = {"Electronics", "Groceries"};
    static final String[] EVENT_TYPES = {"view", "add_to_cart", "purchase", "remove"};

    /** 10.00 .. 5000.00, two decimals, as the generators make amounts and prices. */
    static double money(Random random) {
        return (1000 + random.nextInt(499_001)) / 100.0;
    }

    static Transaction transaction(Random random, long id, long timestamp) {
        return new Transaction(
                "txn_" + id,
                "user_" + random.nextInt(12),
                money(random),
                "Amazon",
                CATEGORIES[random.nextInt(CATEGORIES.length)],
                timestamp,
                LOCATIONS[random.nextInt(LOCATIONS.length)]);
    }

    static CommerceEvent commerceEvent(Random random, long id, long timestamp) {
        return new CommerceEvent(
                "evt_" + id,
                timestamp,
                "user_" + random.nextInt(4),
                EVENT_TYPES[random.nextInt(EVENT_TYPES.length)],
                "prod_1",
                "Laptop",
                "Electronics",
                money(random),
                1 + random.nextInt(4));
    }

    static final Case<Transaction, String, AmountStats> AMOUNT_STATS =
            new Case<>(
                    "AmountStats (count, double sum, max) per location",
                    Transaction.class,
                    t -> t.location,
                    AmountStats.Aggregate::new,
                    ProductionAggregates::transaction,
                    t -> t.transactionId,
                    a -> "count=" + a.count + " max=" + a.max,
                    a -> new double[] {a.sum});

    static final Case<Transaction, Tuple2<String, String>, CategoryStats.Accumulator>
            CATEGORY_STATS =
                    new Case<>(
                            "CategoryStats (count, double sum, distinct users) per category and"
                                    + " location",
                            Transaction.class,
                            new CategoryStats.Key(),
                            CategoryStats.Aggregate::new,
                            ProductionAggregates::transaction,
                            t -> t.transactionId,
                            a -> "count=" + a.count + " users=" + new TreeSet<>(a.users),
                            a -> new double[] {a.sum});

    static final Case<CommerceEvent, String, EventTypeStats.Accumulator> EVENT_TYPE_STATS =
            new Case<>(
                    "EventTypeStats (count, double revenue and price sums) per event type",
                    CommerceEvent.class,
                    e -> e.eventType,
                    EventTypeStats.Aggregate::new,
                    ProductionAggregates::commerceEvent,
                    e -> e.eventId,
                    a -> "count=" + a.count,
                    a -> new double[] {a.revenue, a.priceSum});

    static final Case<CommerceEvent, String, UserActivity.Accumulator> USER_ACTIVITY =
            new Case<>(
                    "UserActivity (events, double purchase spend) per user",
                    CommerceEvent.class,
                    e -> e.userId,
                    UserActivity.Aggregate::new,
                    ProductionAggregates::commerceEvent,
                    e -> e.eventId,
                    a -> "events=" + a.events,
                    a -> new double[] {a.spend});

    static final Case<AppLog, String, ServiceLogStats.Accumulator> SERVICE_LOG_STATS =
            new Case<>(
                    "ServiceLogStats (counts per level) per service",
                    AppLog.class,
                    l -> l.service,
                    ServiceLogStats.Aggregate::new,
                    (random, id, timestamp) ->
                            new AppLog(
                                    timestamp,
                                    AppLog.LEVELS[random.nextInt(AppLog.LEVELS.length)],
                                    "service-" + random.nextInt(4),
                                    "m" + id,
                                    null,
                                    null),
                    l -> l.message,
                    a ->
                            "debug=" + a.debug + " info=" + a.info + " warn=" + a.warn + " error="
                                    + a.error,
                    a -> new double[0]);

    static final Case<WebRequest, String, Long> COUNT =
            new Case<>(
                    "Count per error type",
                    WebRequest.class,
                    WebRequest::errorType,
                    Count::new,
                    (random, id, timestamp) -> {
                        WebRequest r = new WebRequest();
                        r.timestamp = timestamp;
                        r.url = "/" + id;
                        r.statusCode = random.nextBoolean() ? 404 : 503;
                        return r;
                    },
                    r -> r.url,
                    c -> "count=" + c,
                    c -> new double[0]);

    static final List<Case<?, ?, ?>> ALL =
            List.of(
                    AMOUNT_STATS,
                    CATEGORY_STATS,
                    EVENT_TYPE_STATS,
                    USER_ACTIVITY,
                    SERVICE_LOG_STATS,
                    COUNT);

    /** Whether two double sums are equal up to {@link #SUM_TOLERANCE}. */
    static boolean closeEnough(double expected, double actual) {
        return Math.abs(expected - actual)
                <= SUM_TOLERANCE * Math.max(Math.abs(expected), Math.abs(actual));
    }
}
