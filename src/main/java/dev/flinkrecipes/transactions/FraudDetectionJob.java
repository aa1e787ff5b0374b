package dev.flinkrecipes.transactions;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.transactions.TransactionParser.Field;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The fraud rules, frauds only, exactly once to fraud_alerts. */
@Command(
        name = "fraud-detection",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Flags frauds (amount > 3000, or Electronics > 1000) with a risk score.",
        description = {
            "Is_fraud = amount > 3000 or (category = Electronics and amount > 1000);",
            "risk_score 100 (> 3000) | 75 (> 1000) | 50 (> 500) | 25. Frauds only.",
            "Needs user_id, amount, category, timestamp; a record without category goes to the"
                    + " DLQ.",
            "Reads 'transactions', writes 'fraud_alerts' (key user_id)."
        })
public final class FraudDetectionJob implements Callable<Integer> {
    /** The fields this job uses; a record may lack the others. */
    public static final Field[] REQUIRED = {
        Field.USER_ID, Field.AMOUNT, Field.TIMESTAMP, Field.CATEGORY
    };

    @Spec CommandSpec spec;
    @Mixin JobOptions options = new JobOptions("transactions", "fraud_alerts");

    @Override
    public Integer call() throws Exception {
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        JobIO.NamedSource in = job.source(TransactionGenerator::new);
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        DataStream<FraudAlert> alerts =
                job.parse(records, TransactionParser.requiring(REQUIRED), Transaction.class)
                        .flatMap(new FraudRules())
                        .uid("fraud-rules")
                        .name("Fraud rules");
        var results = job.resultsSink(alerts.getType(), a -> a.userId);
        results.uidAndName(job.countResults(alerts, "alertsEmitted").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
