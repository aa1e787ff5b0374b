package dev.flinkrecipes.transactions;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.core.windows.PanedWindows;
import dev.flinkrecipes.core.windows.WindowSpec;
import dev.flinkrecipes.transactions.TransactionParser.Field;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Per (category, location), tumbling 5 minutes, watermark 10 minutes, exact distinct users. */
@Command(
        name = "category-analytics",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header =
                "Per category and location, tumbling 5 min windows: counts, revenue and exact"
                        + " unique users.",
        description = {
            "Per (category, location), tumbling 5 min windows (watermark 10 min):",
            "transaction_count, total_revenue, avg_transaction, unique_users (exact).",
            "Needs user_id, amount, category, location, timestamp; a record without category goes"
                    + " to the DLQ.",
            "Reads 'transactions', writes 'category_analytics' (key category|location)."
        })
public final class CategoryAnalyticsJob implements Callable<Integer> {
    /** The fields this job uses; a record may lack the others. */
    public static final Field[] REQUIRED = {
        Field.USER_ID, Field.AMOUNT, Field.TIMESTAMP, Field.CATEGORY, Field.LOCATION
    };

    static final Duration WATERMARK_DELAY = Duration.ofMinutes(10);
    static final Duration WINDOW = Duration.ofMinutes(5);

    @Spec CommandSpec spec;

    @Mixin
    JobOptions options =
            new JobOptions("transactions", "category_analytics")
                    .withEventTime()
                    .withWindowOutputModes(Duration.ofSeconds(30));

    @Override
    public Integer call() throws Exception {
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        JobIO.NamedSource in = job.source(TransactionGenerator::new);
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        DataStream<Transaction> transactions =
                job.parseWithEventTime(
                        records,
                        TransactionParser.requiring(REQUIRED),
                        Transaction.class,
                        (t, previous) -> t.timestamp,
                        WATERMARK_DELAY);
        OutputTag<Transaction> late = StreamJob.lateEvents(transactions);
        SingleOutputStreamOperator<CategoryStats> stats =
                PanedWindows.keyBy(transactions, new CategoryStats.Key())
                        .window(WindowSpec.tumbling(WINDOW))
                        .trigger(job.emission())
                        .sideOutputLateData(late)
                        .aggregate(
                                new CategoryStats.Aggregate(),
                                new CategoryStats.Emit(),
                                "category-panes",
                                "Per category and location, 5 min tumbling");
        var lateSink = job.lateSink(late.getTypeInfo());
        lateSink.uidAndName(job.countLate(stats.getSideOutput(late)).sinkTo(lateSink.sink()));
        var results = job.resultsSink(stats.getType(), s -> s.category + "|" + s.location);
        results.uidAndName(job.countResults(stats, "windowResults").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
