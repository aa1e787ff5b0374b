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

/** Per location, 5-minute windows sliding every minute, watermark 10 minutes. */
@Command(
        name = "transaction-analytics",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header =
                "Per location, sliding 5 min windows every 1 min: count, total, average and max"
                        + " amount.",
        description = {
            "Per location, windows of 5 min every 1 min (watermark 10 min):",
            "transaction_count, total_amount, avg_amount, max_amount.",
            "Needs location, amount, timestamp (the documents' first schema is enough: no"
                    + " category).",
            "Reads 'transactions' (replaces the documents' 'transacciones'),",
            "writes 'transaction_analytics' (key location); late events to <output-topic>.late."
        })
public final class TransactionAnalyticsJob implements Callable<Integer> {
    /** The fields this job uses; a record may lack the others. */
    public static final Field[] REQUIRED = {Field.LOCATION, Field.AMOUNT, Field.TIMESTAMP};

    static final Duration WATERMARK_DELAY = Duration.ofMinutes(10);
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final Duration SLIDE = Duration.ofMinutes(1);

    @Spec CommandSpec spec;

    @Mixin
    JobOptions options =
            new JobOptions("transactions", "transaction_analytics")
                    .withEventTime()
                    .withWindowOutputModes(Duration.ofSeconds(10));

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
        DataStream<LocationStats> stats =
                locationStats(job, transactions, WindowSpec.sliding(WINDOW, SLIDE));
        var results = job.resultsSink(stats.getType(), s -> s.location);
        results.uidAndName(job.countResults(stats, "windowResults").sinkTo(results.sink()));
        job.execute();
        return 0;
    }

    /**
     * The job's logic on other windows too: the benchmark compares it with tumbling windows of the
     * same size.
     */
    public static DataStream<LocationStats> locationStats(
            StreamJob job, DataStream<Transaction> transactions, WindowSpec windows) {
        OutputTag<Transaction> late = StreamJob.lateEvents(transactions);
        SingleOutputStreamOperator<LocationStats> stats =
                PanedWindows.keyBy(transactions, t -> t.location)
                        .window(windows)
                        .trigger(job.emission())
                        .sideOutputLateData(late)
                        .aggregate(
                                new AmountStats.Aggregate(),
                                new LocationStats.Emit(),
                                "location-panes",
                                "Per location, " + windows);
        var lateSink = job.lateSink(late.getTypeInfo());
        lateSink.uidAndName(job.countLate(stats.getSideOutput(late)).sinkTo(lateSink.sink()));
        return stats;
    }
}
