package dev.flinkrecipes.enrichment;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.Input;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.transactions.Transaction;
import dev.flinkrecipes.transactions.TransactionGenerator;
import dev.flinkrecipes.transactions.TransactionParser;
import dev.flinkrecipes.transactions.TransactionParser.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The stream-stream join. Each transaction (watermark 10 min) is joined with every update of the
 * same user (watermark 5 min) made in the hour before it: update_time <= timestamp <= update_time +
 * 1 h. Flink's interval join keeps each side in keyed state only until the other side's watermark
 * makes a match impossible, then drops it (event-time timers); elements already too late go to the
 * late outputs.
 */
@Command(
        name = "transaction-enrichment",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Joins each transaction with its user's profile updates from the hour before.",
        description = {
            "Transactions (watermark 10 min) with user_updates (watermark 5 min), same user_id,",
            "update_time <= timestamp <= update_time + 1 hour; one row per matching pair (inner"
                    + " join).",
            "Transactions need user_id, amount, timestamp; updates user_id, update_time.",
            "Reads 'transactions' and 'user_updates', writes 'enriched_transactions' (key user_id)."
        })
public final class TransactionEnrichmentJob implements Callable<Integer> {
    /** The fields this job uses; a record may lack the others. */
    public static final Field[] REQUIRED = {Field.USER_ID, Field.AMOUNT, Field.TIMESTAMP};

    static final Duration TRANSACTIONS_WATERMARK = Duration.ofMinutes(10);
    static final Duration UPDATES_WATERMARK = Duration.ofMinutes(5);
    static final Duration UPDATE_VALID_FOR = Duration.ofHours(1);

    @Spec CommandSpec spec;

    @Mixin
    JobOptions options = new JobOptions("transactions", "enriched_transactions").withEventTime();

    @Option(
            names = "--updates-topic",
            description = "Kafka topic of the profile updates. Default: ${DEFAULT-VALUE}.")
    String updatesTopic = "user_updates";

    @Option(
            names = "--updates-input",
            description = "With --source file: file or folder of the profile updates.")
    Path updatesInput;

    @Override
    public Integer call() throws Exception {
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        Input updatesIn = new Input("updates", updatesTopic, updatesInput);
        JobIO.NamedSource transactionsSource = job.source(TransactionGenerator::new);
        DataStream<RawRecord> transactionRecords =
                transactionsSource.uidAndParallelism(
                        env.fromSource(
                                transactionsSource.source(),
                                noWatermarks(),
                                transactionsSource.name()));
        DataStream<Transaction> transactions =
                job.parseWithEventTime(
                        transactionRecords,
                        TransactionParser.requiring(REQUIRED),
                        Transaction.class,
                        (t, previous) -> t.timestamp,
                        TRANSACTIONS_WATERMARK);
        JobIO.NamedSource updatesSource = job.source(updatesIn, UserUpdateGenerator::new);
        DataStream<RawRecord> updateRecords =
                updatesSource.uidAndParallelism(
                        env.fromSource(
                                updatesSource.source(), noWatermarks(), updatesSource.name()));
        DataStream<UserUpdate> updates =
                job.parseWithEventTime(
                        updatesIn,
                        updateRecords,
                        new UserUpdateParser(),
                        UserUpdate.class,
                        (u, previous) -> u.updateTime,
                        UPDATES_WATERMARK);

        OutputTag<Transaction> lateTransactions =
                new OutputTag<>("late-transactions", TypeInformation.of(Transaction.class));
        OutputTag<UserUpdate> lateUpdates =
                new OutputTag<>("late-updates", TypeInformation.of(UserUpdate.class));
        SingleOutputStreamOperator<EnrichedTransaction> enriched =
                join(
                                transactions.keyBy(t -> t.userId),
                                updates.keyBy(u -> u.userId),
                                lateTransactions,
                                lateUpdates)
                        .uid("interval-join")
                        .name("Join updates of the hour before (interval join)");
        var lateSink = job.lateSink(lateTransactions.getTypeInfo());
        lateSink.uidAndName(
                job.countLate(enriched.getSideOutput(lateTransactions)).sinkTo(lateSink.sink()));
        var lateUpdatesSink = job.lateSink(updatesIn.suffix(), lateUpdates.getTypeInfo());
        lateUpdatesSink.uidAndName(
                job.countLate(updatesIn.suffix(), enriched.getSideOutput(lateUpdates))
                        .sinkTo(lateUpdatesSink.sink()));
        var results = job.resultsSink(enriched.getType(), e -> e.userId);
        results.uidAndName(job.countResults(enriched, "joinedRecords").sinkTo(results.sink()));
        job.execute();
        return 0;
    }

    /** The join itself: update_time in [timestamp - 1 h, timestamp]. */
    static SingleOutputStreamOperator<EnrichedTransaction> join(
            KeyedStream<Transaction, String> transactions,
            KeyedStream<UserUpdate, String> updates,
            OutputTag<Transaction> lateTransactions,
            OutputTag<UserUpdate> lateUpdates) {
        return transactions
                .intervalJoin(updates)
                .between(UPDATE_VALID_FOR.negated(), Duration.ZERO)
                .sideOutputLeftLateData(lateTransactions)
                .sideOutputRightLateData(lateUpdates)
                .process(new EnrichTransaction());
    }
}
