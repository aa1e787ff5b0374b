package dev.flinkrecipes.bench;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.commerce.CommerceEvent;
import dev.flinkrecipes.commerce.CommerceEventParser;
import dev.flinkrecipes.commerce.UserTotalsJob;
import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.Channel;
import dev.flinkrecipes.core.io.ConsoleBatches;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.io.Sinks;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.transactions.CategoryAnalyticsJob;
import dev.flinkrecipes.transactions.Transaction;
import dev.flinkrecipes.transactions.TransactionParser;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The input limit: the jobs' own source and parser (DLQ included), nothing after them. */
@Command(name = "read-parse-only")
public final class ReadParseOnly implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JobOptions options = new JobOptions("bench", "bench");

    @Option(names = "--records", description = "transactions or ecommerce")
    String records = "transactions";

    @Override
    public Integer call() throws Exception {
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        JobIO.NamedSource in = job.source(null);
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        DataStream<?> parsed =
                records.equals("ecommerce")
                        ? job.parse(
                                records,
                                CommerceEventParser.requiring(UserTotalsJob.REQUIRED),
                                CommerceEvent.class)
                        : job.parse(
                                records,
                                TransactionParser.requiring(CategoryAnalyticsJob.REQUIRED),
                                Transaction.class);
        write(parsed);
        job.execute();
        return 0;
    }

    private <T> void write(DataStream<T> parsed) {
        Sinks.write(
                parsed,
                Channel.results,
                "",
                "bench",
                null,
                ConsoleBatches.perCheckpoint(),
                options);
    }
}
