package dev.flinkrecipes.commerce;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.commerce.CommerceEventParser.Field;
import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.io.Table;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.SinkKind;
import dev.flinkrecipes.core.options.SourceKind;
import dev.flinkrecipes.core.serde.Money;
import dev.flinkrecipes.core.serde.RawRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The Spark document's batch report: four analyses over a bounded input, run in Flink's BATCH
 * execution mode from the same DataStream code as the streaming jobs (keyed sums: in batch mode
 * each key's final sum is emitted once). Results are sorted on the client and shown as tables, and
 * written as CSV and JSON.
 */
@Command(
        name = "ecommerce-report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header =
                "Batch report over a bounded input: events per type, revenue per category, top"
                        + " users, conversion.",
        description = {
            "A batch report over a bounded input (a JSON-lines file or folder, or Kafka with"
                    + " --bounded):",
            "events per type; purchases per category (num_purchases, total_revenue, avg_price); top"
                    + " 10 users by",
            "total_events with purchases; per product_name views, purchases, conversion_rate ="
                    + " purchases/views*100.",
            "Needs user_id, event_type, product_name, category (the tables' keys).",
            "Runs in BATCH mode; prints the tables and writes <report-dir>/*.csv and *.jsonl."
        })
public final class EcommerceReportJob implements Callable<Integer> {
    /** The fields this job uses; a record may lack the others. */
    public static final Field[] REQUIRED = {
        Field.USER_ID, Field.EVENT_TYPE, Field.PRODUCT_NAME, Field.CATEGORY
    };

    @Spec CommandSpec spec;
    @Mixin JobOptions options = batchDefaults();

    @Option(
            names = "--report-dir",
            description =
                    "Where the report's CSV and JSON-lines files go. Default: ${DEFAULT-VALUE}.")
    Path reportDir = Path.of("report");

    @Option(
            names = "--top",
            description = "How many users the top-users table shows. Default: ${DEFAULT-VALUE}.")
    int top = 10;

    private static JobOptions batchDefaults() {
        // A bounded input only: a socket never ends.
        JobOptions o =
                new JobOptions("ecommerce_events", null)
                        .readingFrom(SourceKind.file, SourceKind.kafka, SourceKind.generator);
        o.input.source = SourceKind.file;
        o.output.sink = SinkKind.print; // dead letters to stderr unless --sink file --output DIR
        o.checkpointing.checkpointInterval =
                Duration.ZERO; // a batch job recovers by re-running stages, not checkpoints
        return o;
    }

    @Override
    public Integer call() throws Exception {
        if (options.input.source == SourceKind.socket
                || options.input.source == SourceKind.kafka && !options.kafkaSource.bounded
                || options.input.source == SourceKind.generator && options.generator.count == 0
                || options.input.source == SourceKind.file && !options.file.watch.isZero()) {
            throw new IllegalArgumentException(
                    "the report needs a bounded input: --source file (without --watch), "
                            + "--source kafka --bounded, or --source generator --count N");
        }
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        JobIO.NamedSource in = job.source(CommerceEventGenerator::new);
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        DataStream<CommerceEvent> events =
                job.parse(records, CommerceEventParser.requiring(REQUIRED), CommerceEvent.class);
        DataStream<CommerceEvent> purchases =
                events.filter(CommerceEvent::isPurchase).name("Purchases");

        CloseableIterator<ReportRow> byType = sumBy(events, e -> e.eventType, "event type");
        CloseableIterator<ReportRow> byCategory =
                sumBy(purchases, e -> e.category, "category (purchases)");
        CloseableIterator<ReportRow> byUser = sumBy(events, e -> e.userId, "user");
        CloseableIterator<ReportRow> byProduct = sumBy(events, e -> e.productName, "product name");
        job.execute();

        List<Table> report =
                List.of(
                        eventsByType(drain(byType)),
                        revenueByCategory(drain(byCategory)),
                        topUsers(drain(byUser), top),
                        productConversion(drain(byProduct)));
        String[] files = {
            "events_by_type", "revenue_by_category", "top_users", "product_conversion"
        };
        for (int i = 0; i < report.size(); i++) {
            System.out.println(report.get(i).render());
            report.get(i).writeCsv(reportDir.resolve(files[i] + ".csv"));
            report.get(i).writeJsonLines(reportDir.resolve(files[i] + ".jsonl"));
        }
        System.out.println("Report written to " + reportDir.toAbsolutePath());
        return 0;
    }

    private static CloseableIterator<ReportRow> sumBy(
            DataStream<CommerceEvent> events, KeySelector<CommerceEvent, String> key, String by)
            throws Exception {
        return events.map(e -> ReportRow.of(key.getKey(e), e))
                .name("Row per " + by)
                .keyBy(r -> r.key)
                .reduce(new ReportRow.Sum())
                .name("Sum per " + by)
                .collectAsync();
    }

    static List<ReportRow> drain(CloseableIterator<ReportRow> rows) throws Exception {
        List<ReportRow> out = new ArrayList<>();
        try (rows) {
            rows.forEachRemaining(out::add);
        }
        return out;
    }

    static Table eventsByType(List<ReportRow> rows) {
        Table t = new Table("1. Events per type", "event_type", "count");
        rows.stream()
                .sorted(
                        Comparator.comparingLong((ReportRow r) -> -r.events)
                                .thenComparing(r -> r.key))
                .forEach(r -> t.add(r.key, r.events));
        return t;
    }

    static Table revenueByCategory(List<ReportRow> rows) {
        Table t =
                new Table(
                        "2. Revenue per category (purchases)",
                        "category",
                        "num_purchases",
                        "total_revenue",
                        "avg_price");
        rows.stream()
                .sorted(
                        Comparator.comparingDouble((ReportRow r) -> -r.revenue)
                                .thenComparing(r -> r.key))
                .forEach(
                        r ->
                                t.add(
                                        r.key,
                                        r.events,
                                        Money.cents(r.revenue),
                                        Money.cents(r.priceSum / r.events)));
        return t;
    }

    /**
     * Ties on total_events are broken by user_id, so the top N is deterministic (Spark's is not).
     */
    static Table topUsers(List<ReportRow> rows, int n) {
        Table t =
                new Table(
                        "3. Top " + n + " most active users",
                        "user_id",
                        "total_events",
                        "purchases");
        rows.stream()
                .sorted(
                        Comparator.comparingLong((ReportRow r) -> -r.events)
                                .thenComparing(r -> r.key))
                .limit(n)
                .forEach(r -> t.add(r.key, r.events, r.purchases));
        return t;
    }

    /**
     * conversion_rate = purchases / views * 100; null for a product never viewed (Spark: division
     * by zero is null).
     */
    static Table productConversion(List<ReportRow> rows) {
        Table t =
                new Table(
                        "4. Conversion rate per product",
                        "product_name",
                        "total_events",
                        "views",
                        "purchases",
                        "conversion_rate");
        rows.stream()
                .sorted(
                        Comparator.comparing(
                                        (ReportRow r) -> conversion(r),
                                        Comparator.nullsLast(Comparator.reverseOrder()))
                                .thenComparing(r -> r.key))
                .forEach(r -> t.add(r.key, r.events, r.views, r.purchases, conversion(r)));
        return t;
    }

    private static Double conversion(ReportRow r) {
        return r.views == 0 ? null : Money.cents(r.purchases * 100.0 / r.views);
    }
}
