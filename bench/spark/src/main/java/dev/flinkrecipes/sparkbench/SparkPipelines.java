package dev.flinkrecipes.sparkbench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryProgressEvent;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryStartedEvent;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryTerminatedEvent;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The transaction pipelines of the documents (seed 001, catalogue part B) in Spark Structured Streaming,
 * written as the documents write them: {@code readStream} with a schema, {@code withWatermark},
 * {@code window}, {@code groupBy().agg()}. The Kafka source of the documents is replaced by the file source
 * over the same JSON-lines files the Flink jobs read; {@code Trigger.AvailableNow} makes the query finish
 * when the files are consumed, like the Flink jobs' bounded file source.
 *
 * <pre>
 * SparkPipelines transaction-analytics|category-analytics|fraud-detection --input DIR --checkpoint DIR
 *     [--output DIR (JSON files; default: the noop sink)] [--max-files-per-trigger N] [--master local[2]]
 *     [--shuffle-partitions 2] [--state-store hdfs|rocksdb (default: Spark's, hdfs)]
 * SparkPipelines user-totals ...   (update mode, over e-commerce events)
 * </pre>
 */
public final class SparkPipelines {

    /** The documents' transaction schema (seed 001, {@code transaction_schema}). */
    static final StructType TRANSACTION = new StructType()
            .add("transaction_id", DataTypes.StringType)
            .add("user_id", DataTypes.StringType)
            .add("amount", DataTypes.DoubleType)
            .add("merchant", DataTypes.StringType)
            .add("category", DataTypes.StringType)
            .add("timestamp", DataTypes.TimestampType)
            .add("location", DataTypes.StringType);

    /** The documents' e-commerce event schema (seed 004, the fields user-totals reads and more). */
    static final StructType COMMERCE_EVENT = new StructType()
            .add("event_id", DataTypes.StringType)
            .add("timestamp", DataTypes.TimestampType)
            .add("user_id", DataTypes.StringType)
            .add("event_type", DataTypes.StringType)
            .add("product_id", DataTypes.StringType)
            .add("product_name", DataTypes.StringType)
            .add("category", DataTypes.StringType)
            .add("price", DataTypes.DoubleType)
            .add("quantity", DataTypes.IntegerType);

    private SparkPipelines() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) usage("name a pipeline");
        String pipeline = args[0];
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length || !args[i].startsWith("--")) usage("bad option " + args[i]);
            opts.put(args[i].substring(2), args[i + 1]);
        }
        String input = required(opts, "input");
        String checkpoint = required(opts, "checkpoint");
        String output = opts.get("output");

        boolean userTotals = pipeline.equals("user-totals");
        SparkSession.Builder session = SparkSession.builder();
        if ("rocksdb".equals(opts.get("state-store"))) {
            // Spark's RocksDB state store, with changelog checkpointing: each micro-batch uploads
            // only the changes, Spark's counterpart of Flink's incremental checkpoints.
            session = session
                    .config("spark.sql.streaming.stateStore.providerClass",
                            "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider")
                    .config("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true");
        }
        SparkSession spark = session
                .appName(pipeline)
                .master(opts.getOrDefault("master", "local[2]"))
                // One state store and shuffle partition per core, as the Flink side has one window operator
                // instance per slot; Spark's default 200 would only make its micro-batches slower here.
                .config("spark.sql.shuffle.partitions", opts.getOrDefault("shuffle-partitions", "2"))
                .config("spark.sql.session.timeZone", "UTC")
                // The Flink side runs without its Web UI (bin/run without --web-ui).
                .config("spark.ui.enabled", "false")
                .getOrCreate();

        DataStreamReader reader = spark.readStream().schema(userTotals ? COMMERCE_EVENT : TRANSACTION);
        if (opts.containsKey("max-files-per-trigger")) {
            reader = reader.option("maxFilesPerTrigger", opts.get("max-files-per-trigger"));
        }
        Dataset<Row> transactions = reader.json(input);

        Dataset<Row> results = switch (pipeline) {
            case "transaction-analytics" -> transactionAnalytics(transactions);
            case "category-analytics" -> categoryAnalytics(transactions);
            case "fraud-detection" -> fraudDetection(transactions);
            case "user-totals" -> userTotals(transactions);
            default -> {
                usage("unknown pipeline " + pipeline);
                yield null;
            }
        };

        DataStreamWriter<Row> writer = results.writeStream()
                .queryName(pipeline)
                .outputMode(userTotals ? "update" : "append")
                .option("checkpointLocation", checkpoint)
                .trigger(Trigger.AvailableNow());
        writer = output == null ? writer.format("noop") : writer.format("json").option("path", output);
        spark.streams().addListener(new BatchProgress());
        StreamingQuery query = writer.start();
        query.awaitTermination();
        long rows = 0;
        long batches = 0;
        long batchMillis = 0;
        for (StreamingQueryProgress p : query.recentProgress()) {
            rows += p.numInputRows();
            batches++;
            Long ms = p.durationMs().get("triggerExecution");
            batchMillis += ms == null ? 0 : ms;
        }
        System.err.printf("%s: %d input rows in %d micro-batches (the last %d progress reports), %d ms in"
                        + " micro-batches%n", pipeline, rows, batches, query.recentProgress().length, batchMillis);
        spark.stop();
    }

    /** B1: watermark 10 min; windows of 5 min every 1 min by location. */
    static Dataset<Row> transactionAnalytics(Dataset<Row> transactions) {
        return transactions
                .withWatermark("timestamp", "10 minutes")
                .groupBy(window(col("timestamp"), "5 minutes", "1 minute"), col("location"))
                .agg(count("*").alias("transaction_count"),
                        sum("amount").alias("total_amount"),
                        avg("amount").alias("avg_amount"),
                        max("amount").alias("max_amount"))
                .select(col("window.start").alias("window_start"), col("window.end").alias("window_end"),
                        col("location"), col("transaction_count"), col("total_amount"), col("avg_amount"),
                        col("max_amount"));
    }

    /**
     * B4: watermark 10 min; tumbling 5 min windows by (category, location). Without the document's
     * {@code countDistinct("user_id")}: Spark's streaming aggregations reject distinct aggregates.
     */
    static Dataset<Row> categoryAnalytics(Dataset<Row> transactions) {
        return transactions
                .withWatermark("timestamp", "10 minutes")
                .groupBy(window(col("timestamp"), "5 minutes"), col("category"), col("location"))
                .agg(count("*").alias("transaction_count"),
                        sum("amount").alias("total_revenue"),
                        avg("amount").alias("avg_transaction"))
                .select(col("window.start").alias("window_start"), col("window.end").alias("window_end"),
                        col("category"), col("location"), col("transaction_count"), col("total_revenue"),
                        col("avg_transaction"));
    }

    /**
     * C3 (user-totals, update mode): per-user running totals, no window and no watermark, as the
     * Flink job computes them: total_events, purchases, total_spent (price * quantity of
     * purchases), last_activity.
     */
    static Dataset<Row> userTotals(Dataset<Row> events) {
        return events
                .groupBy(col("user_id"))
                .agg(count("*").alias("total_events"),
                        sum(when(col("event_type").equalTo("purchase"), 1).otherwise(0)).alias("purchases"),
                        sum(when(col("event_type").equalTo("purchase"), col("price").multiply(col("quantity")))
                                .otherwise(0.0)).alias("total_spent"),
                        max(col("timestamp")).alias("last_activity"));
    }

    /**
     * Prints each micro-batch of a stateful query as it ends (its state after the batch, and how
     * long the state store took to commit, Spark's checkpoint of the state), so that a run stopped
     * early still shows its rate.
     */
    static final class BatchProgress extends StreamingQueryListener {
        final long started = System.currentTimeMillis();
        long rows;

        @Override
        public void onQueryProgress(QueryProgressEvent event) {
            StreamingQueryProgress p = event.progress();
            Long ms = p.durationMs().get("triggerExecution");
            rows += p.numInputRows();
            if (p.stateOperators().length > 0) {
                StateOperatorProgress state = p.stateOperators()[0];
                System.err.printf("batch %d at %.1f s: %d rows in %d ms (%d rows so far); state rows %d,"
                                + " state memory %d bytes, commit %d ms, metrics %s%n",
                        p.batchId(), (System.currentTimeMillis() - started) / 1000.0, p.numInputRows(), ms,
                        rows, state.numRowsTotal(), state.memoryUsedBytes(), state.commitTimeMs(),
                        state.customMetrics());
            }
        }

        @Override
        public void onQueryStarted(QueryStartedEvent event) {}

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) {}
    }

    /** B3, as intended (see the Flink job's FraudRules): is_fraud, risk_score, frauds only. */
    static Dataset<Row> fraudDetection(Dataset<Row> transactions) {
        return transactions
                .withColumn("is_fraud",
                        when(col("amount").gt(3000), true)
                                .when(col("category").equalTo("Electronics").and(col("amount").gt(1000)), true)
                                .otherwise(false))
                .withColumn("risk_score",
                        when(col("amount").gt(3000), 100)
                                .when(col("amount").gt(1000), 75)
                                .when(col("amount").gt(500), 50)
                                .otherwise(25))
                .filter(col("is_fraud").equalTo(lit(true)));
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) usage("--" + name + " is required");
        return v;
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: SparkPipelines transaction-analytics|category-analytics|fraud-detection"
                + "|user-totals --input DIR --checkpoint DIR [--output DIR] [--max-files-per-trigger N]"
                + " [--master local[2]] [--shuffle-partitions N] [--state-store hdfs|rocksdb]");
        System.exit(2);
    }
}
