package dev.flinkrecipes.transactions;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.SinkKind;
import dev.flinkrecipes.core.options.StartingOffsets;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.transactions.TransactionParser.Field;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The documents' first pipeline ("Setup básico Spark Streaming"): read the transactions topic,
 * parse the JSON with the schema {@code user_id, amount, location, timestamp}, and print each row
 * with the Kafka key as {@code user_key} and the Kafka timestamp as {@code kafka_timestamp}, a
 * batch every 10 seconds.
 */
@Command(
        name = "parsed-transactions",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header =
                "The documents' first pipeline: transactions from Kafka printed with user_key and"
                        + " kafka_timestamp.",
        description = {
            "Parses {user_id, amount, location, timestamp} from each message (bad ones to the DLQ)"
                    + " and prints",
            "user_key (the Kafka key as text), the four fields and kafka_timestamp (the Kafka"
                    + " record's timestamp),",
            "one batch per checkpoint: every 10 s by default, the document's"
                    + " trigger(processingTime='10 seconds').",
            "Reads 'transactions' (replaces the documents' 'transacciones': --input-topic"
                    + " transacciones reads it),",
            "from the latest offsets as the document does; prints (--sink print, the default here;"
                    + " or kafka/file)."
        })
public final class ParsedTransactionsJob implements Callable<Integer> {
    /** The document's schema: every field is printed, so every field is required. */
    public static final Field[] REQUIRED = {
        Field.USER_ID, Field.AMOUNT, Field.LOCATION, Field.TIMESTAMP
    };

    /**
     * The document's {@code trigger(processingTime="10 seconds")}: a console batch per checkpoint.
     */
    static final Duration TRIGGER = Duration.ofSeconds(10);

    @Spec CommandSpec spec;
    @Mixin JobOptions options = asTheDocument();

    private static JobOptions asTheDocument() {
        JobOptions o = new JobOptions("transactions", "parsed_transactions");
        o.output.sink = SinkKind.print;
        o.kafkaSource.startingOffsets = StartingOffsets.latest;
        o.checkpointing.checkpointInterval = TRIGGER;
        return o;
    }

    @Override
    public Integer call() throws Exception {
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        JobIO.NamedSource in = job.source(TransactionGenerator::new);
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        DataStream<ParsedTransaction> rows =
                job.parse(
                        records,
                        new ParsedTransactionParser(TransactionParser.requiring(REQUIRED)),
                        ParsedTransaction.class);
        var results = job.resultsSink(rows.getType(), r -> r.userKey);
        results.uidAndName(job.countResults(rows, "rows").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
