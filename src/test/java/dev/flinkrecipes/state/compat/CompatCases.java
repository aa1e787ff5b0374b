package dev.flinkrecipes.state.compat;

import static dev.flinkrecipes.state.compat.CompatCase.latestBy;
import static dev.flinkrecipes.state.compat.CompatCase.sumBy;

import dev.flinkrecipes.applogs.AppLogGenerator;
import dev.flinkrecipes.commerce.CommerceEventGenerator;
import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.enrichment.UserUpdateGenerator;
import dev.flinkrecipes.recommendations.UserActionGenerator;
import dev.flinkrecipes.state.compat.CompatCase.CompatInput;
import dev.flinkrecipes.transactions.TransactionGenerator;
import dev.flinkrecipes.weblogs.AccessLogGenerator;
import dev.flinkrecipes.wordcount.SentenceGenerator;
import java.util.List;

/**
 * The stateful jobs and modes whose savepoints every later build must restore. A new stateful job
 * or mode adds its case here, and {@code bin/savepoint-compat-make} adds its savepoint.
 */
final class CompatCases {
    private CompatCases() {}

    /** Event-time results that do not depend on when watermarks happen to be emitted. */
    private static final List<String> PER_EVENT_WATERMARKS =
            List.of("--watermark-emission", "per_event");

    /** A processing-time trigger short enough to fire within a test. */
    private static List<String> triggered(String mode) {
        return List.of("--output-mode", mode, "--trigger", "500ms");
    }

    private static CompatInput input(EventGenerator.Factory generator) {
        return new CompatInput("input", "--input-topic", generator, 42, 60, 60);
    }

    private static CompatCase windowed(String job, EventGenerator.Factory generator) {
        return new CompatCase(
                job, job, List.of(input(generator)), PER_EVENT_WATERMARKS, CompatCase::everyRow);
    }

    static final List<CompatCase> ALL =
            List.of(
                    windowed("transaction-analytics", TransactionGenerator::new),
                    windowed("category-analytics", TransactionGenerator::new),
                    windowed("user-spending", TransactionGenerator::new),
                    windowed("user-anomalies", CommerceEventGenerator::new),
                    windowed("ecommerce-event-stats", CommerceEventGenerator::new),
                    windowed("app-log-stats", AppLogGenerator::new),
                    windowed("web-error-counts", AccessLogGenerator::new),
                    new CompatCase(
                            "user-totals",
                            "user-totals",
                            List.of(input(CommerceEventGenerator::new)),
                            List.of(),
                            CompatCase::everyRow),
                    new CompatCase(
                            "user-totals-table",
                            "user-totals",
                            List.of(input(CommerceEventGenerator::new)),
                            triggered("update"),
                            latestBy("user_id")),
                    new CompatCase(
                            "word-counts",
                            "word-count",
                            List.of(input(SentenceGenerator::new)),
                            triggered("update"),
                            latestBy("word")),
                    new CompatCase(
                            "word-counts-per-batch",
                            "word-count",
                            List.of(input(SentenceGenerator::new)),
                            triggered("append"),
                            sumBy("word", "count")),
                    new CompatCase(
                            "transaction-enrichment",
                            "transaction-enrichment",
                            List.of(
                                    input(TransactionGenerator::new),
                                    new CompatInput(
                                            "updates",
                                            "--updates-topic",
                                            UserUpdateGenerator::new,
                                            43,
                                            60,
                                            60)),
                            PER_EVENT_WATERMARKS,
                            CompatCase::everyRow),
                    new CompatCase(
                            "recommendations",
                            "recommendations",
                            List.of(input(UserActionGenerator::new)),
                            List.of(),
                            CompatCase::everyRow));

    static CompatCase named(String name) {
        return ALL.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no compat case " + name));
    }
}
