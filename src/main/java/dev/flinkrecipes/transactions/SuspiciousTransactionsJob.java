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

/** Amount > 5000 or a watched location, with alert_type and severity. */
@Command(
        name = "suspicious-transactions",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header =
                "Alerts on transactions above 5000 or from a watched location, with alert type and"
                        + " severity.",
        description = {
            "Amount > 5000 or location in {suspicious_country1, suspicious_country2};",
            "alert_type high_amount (> 10000) | suspicious_location | general_alert; severity"
                    + " critical | high | medium.",
            "Needs user_id, amount, location, timestamp (the documents' first schema is enough: no"
                    + " category).",
            "Reads 'transactions' (replaces the documents' 'transacciones'),",
            "writes 'fraud_alerts' (key user_id, value every field as JSON)."
        })
public final class SuspiciousTransactionsJob implements Callable<Integer> {
    /** The fields this job uses; a record may lack the others. */
    public static final Field[] REQUIRED = {
        Field.USER_ID, Field.AMOUNT, Field.TIMESTAMP, Field.LOCATION
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
        DataStream<SuspiciousTransaction> alerts =
                job.parse(records, TransactionParser.requiring(REQUIRED), Transaction.class)
                        .flatMap(new SuspiciousTransactionRules())
                        .uid("suspicious-rules")
                        .name("Suspicious transaction rules");
        var results = job.resultsSink(alerts.getType(), a -> a.userId);
        results.uidAndName(job.countResults(alerts, "alertsEmitted").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
