package dev.flinkrecipes.bench;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.core.windows.WindowSpec;
import dev.flinkrecipes.transactions.LocationStats;
import dev.flinkrecipes.transactions.Transaction;
import dev.flinkrecipes.transactions.TransactionAnalyticsJob;
import dev.flinkrecipes.transactions.TransactionGenerator;
import dev.flinkrecipes.transactions.TransactionParser;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * transaction-analytics with tumbling 5 min windows: what its sliding 5 min / 1 min windows are
 * compared with.
 */
@Command(name = "transaction-analytics-tumbling")
public final class TumblingLocationStats implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JobOptions options = new JobOptions("transactions", "bench");

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
                        TransactionParser.requiring(TransactionAnalyticsJob.REQUIRED),
                        Transaction.class,
                        (t, previous) -> t.timestamp,
                        Duration.ofMinutes(10));
        DataStream<LocationStats> stats =
                TransactionAnalyticsJob.locationStats(
                        job, transactions, WindowSpec.tumbling(Duration.ofMinutes(5)));
        var results = job.resultsSink(stats.getType(), s -> s.location);
        results.uidAndName(job.countResults(stats, "windowResults").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
