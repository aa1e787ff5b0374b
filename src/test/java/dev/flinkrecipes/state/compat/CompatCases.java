package dev.flinkrecipes.state.compat;

import static dev.flinkrecipes.state.compat.CompatCase.latestBy;
import static dev.flinkrecipes.state.compat.CompatCase.sumBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.applogs.AppLogGenerator;
import dev.flinkrecipes.commerce.CommerceEventGenerator;
import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.enrichment.UserUpdateGenerator;
import dev.flinkrecipes.etl.RawEventGenerator;
import dev.flinkrecipes.people.PersonGenerator;
import dev.flinkrecipes.recommendations.UserActionGenerator;
import dev.flinkrecipes.state.compat.CompatCase.CompatInput;
import dev.flinkrecipes.testing.ResultFiles;
import dev.flinkrecipes.transactions.TransactionGenerator;
import dev.flinkrecipes.weblogs.AccessLogGenerator;
import dev.flinkrecipes.wordcount.SentenceGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

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

    /**
     * Bizum CSV lines ({@code Name;Amount;Concept}: the job has no generator, its input is files
     * people drop), names in any case, decimal commas and a concept with a ';' among them.
     */
    private static EventGenerator bizums(long seed, long startMillis, double eventsPerSecond) {
        String[] names = {"Ana", "ANA", "luis", "Marta", "jorge", "Lucia", "PABLO", "elena"};
        String[] concepts = {"cena", "regalo; cumple", "alquiler", "taxi", "entradas"};
        return i -> {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003 + i);
            String amount = (1 + r.nextInt(30000)) / 100 + "," + (10 + r.nextInt(90));
            return names[r.nextInt(names.length)]
                    + ";"
                    + amount
                    + ";"
                    + concepts[r.nextInt(concepts.length)];
        };
    }

    /**
     * Invoices, one JSON line each, with one to three line items (the job has no generator: its
     * input is files the POS simulator drops).
     */
    private static EventGenerator invoices(long seed, long startMillis, double eventsPerSecond) {
        String[] delivery = {"TAKEAWAY", "HOME-DELIVERY"};
        return i -> {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003 + i);
            StringBuilder json =
                    new StringBuilder("{\"InvoiceNumber\":\"" + (1000 + i) + "\",")
                            .append("\"CreatedTime\":" + (startMillis + i * 30_000) + ",")
                            .append("\"StoreID\":\"STR" + r.nextInt(5) + "\",")
                            .append("\"PosID\":\"POS" + r.nextInt(9) + "\",")
                            .append("\"CashierID\":\"C\",\"CustomerType\":\"PRIME\",")
                            .append("\"PaymentMethod\":\"CARD\",\"DeliveryType\":\"")
                            .append(delivery[(int) (i % 2)] + "\",");
            if (i % 2 == 1)
                json.append("\"DeliveryAddress\":{\"AddressLine\":\"x\",\"City\":\"Pune\",")
                        .append("\"State\":\"MH\",\"PinCode\":\"411001\"},");
            json.append("\"InvoiceLineItems\":[");
            for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
                int qty = 1 + r.nextInt(4);
                json.append(k > 0 ? "," : "")
                        .append("{\"ItemCode\":\"" + (100 + r.nextInt(50)) + "\",")
                        .append("\"ItemDescription\":\"Lamp\",\"ItemPrice\":10.5,")
                        .append("\"ItemQty\":" + qty + ",\"TotalValue\":" + 10.5 * qty + "}");
            }
            return json.append("]}").toString();
        };
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The rows of the Parquet files committed under {output}/parquet, as JSON. */
    private static List<JsonNode> parquetRows(Path output) throws IOException {
        return ResultFiles.parquetRows(output.resolve("parquet"), null).stream()
                .map(row -> (JsonNode) JSON.valueToTree(row))
                .toList();
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
                            CompatCase::everyRow),
                    // A triggered table keyed by name, from CSV files in a watched folder: the
                    // file source's state (the files read) with the keyed state.
                    new CompatCase(
                            "bizum",
                            "bizum",
                            List.of(
                                    new CompatInput(
                                            "bizums", null, CompatCases::bizums, 44, 60, 60, true)),
                            triggered("update"),
                            latestBy("name")),
                    // No keyed state: the file source's (the files read) and the file sink's.
                    new CompatCase(
                            "invoices",
                            "invoices",
                            List.of(
                                    new CompatInput(
                                            "invoices",
                                            null,
                                            CompatCases::invoices,
                                            45,
                                            60,
                                            60,
                                            true)),
                            List.of(),
                            CompatCase::everyRow),
                    // No keyed state: the Kafka offsets and the Parquet sink's (bulk format,
                    // files rolled and committed on every checkpoint).
                    new CompatCase(
                            "kafka-etl-parquet",
                            "kafka-etl-parquet",
                            List.of(input(RawEventGenerator::new)),
                            List.of("--parquet-path", "{output}/parquet"),
                            CompatCase::everyRow,
                            CompatCases::parquetRows),
                    // No keyed state: the Kafka offsets and the JDBC sink's (at least once, its
                    // batch flushed on every checkpoint); the results are the table's rows.
                    new CompatCase(
                            "people-to-postgres",
                            "people-to-postgres",
                            List.of(input(PersonGenerator::new)),
                            List.of("--jdbc-url", "{jdbc-url}", "--table", "{table}"),
                            CompatCase::everyRow,
                            CompatPostgres::people));

    static CompatCase named(String name) {
        return ALL.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no compat case " + name));
    }
}
