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

/**
 * The late-data example: per user, tumbling 10 minutes, watermark 5 minutes, late events kept
 * aside.
 */
@Command(
        name = "user-spending",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Per user, tumbling 10 min windows of spending; late events kept aside.",
        description = {
            "Per user_id, tumbling 10 min windows (watermark 5 min): transaction_count,"
                    + " total_spent.",
            "Events behind the watermark go to <output-topic>.late (Spark drops them silently).",
            "Needs user_id, amount, timestamp (the documents' first schema is enough: no category,"
                    + " no location).",
            "Reads 'transactions' (replaces the documents' 'transacciones'), writes 'user_spending'"
                    + " (key user_id)."
        })
public final class UserSpendingJob implements Callable<Integer> {
    /** The fields this job uses; a record may lack the others. */
    public static final Field[] REQUIRED = {Field.USER_ID, Field.AMOUNT, Field.TIMESTAMP};

    static final Duration WATERMARK_DELAY = Duration.ofMinutes(5);
    static final Duration WINDOW = Duration.ofMinutes(10);

    @Spec CommandSpec spec;

    @Mixin
    JobOptions options =
            new JobOptions("transactions", "user_spending")
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
        DataStream<UserSpending> totals = spendingPerUser(job, transactions);
        var results = job.resultsSink(totals.getType(), s -> s.userId);
        results.uidAndName(job.countResults(totals, "windowResults").sinkTo(results.sink()));
        job.execute();
        return 0;
    }

    /**
     * The job's logic, from timestamped transactions to window rows (late ones to the job's late
     * output); the savepoint upgrade test builds a version 2 of the job around it.
     */
    public static DataStream<UserSpending> spendingPerUser(
            StreamJob job, DataStream<Transaction> transactions) {
        OutputTag<Transaction> late = StreamJob.lateEvents(transactions);
        SingleOutputStreamOperator<UserSpending> totals =
                PanedWindows.keyBy(transactions, t -> t.userId)
                        .window(WindowSpec.tumbling(WINDOW))
                        .trigger(job.emission())
                        .sideOutputLateData(late)
                        .aggregate(
                                new AmountStats.Aggregate(),
                                new UserSpending.Emit(),
                                "user-panes",
                                "Per user, 10 min tumbling");
        var lateSink = job.lateSink(late.getTypeInfo());
        lateSink.uidAndName(job.countLate(totals.getSideOutput(late)).sinkTo(lateSink.sink()));
        return totals;
    }
}
