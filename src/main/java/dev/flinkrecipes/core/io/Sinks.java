package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.OutputFormat;
import dev.flinkrecipes.core.options.OutputMode;
import dev.flinkrecipes.core.options.RecordTimestamp;
import dev.flinkrecipes.core.serde.JsonLines;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.Function;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchemaBuilder;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The outputs of a job, chosen by {@code --sink}: Kafka (transactional, exactly-once by default),
 * files committed on checkpoints (JSON lines, CSV or Parquet), discard, or the console ({@link
 * #print}): a Flink sink each ({@link #of}). Records are written as JSON, except results in files
 * with {@code --format csv|parquet}.
 */
public final class Sinks {
    static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private Sinks() {}

    /** The Kafka record key of a result, e.g. its user id; {@code null} for no key. */
    @FunctionalInterface
    public interface KeyFn<T> extends Function<T, String>, Serializable {}

    /**
     * {@code stream.sinkTo(sink).uid(...).name(...)} with the command line's sink, for code that
     * builds a job's graph itself (the benchmarks).
     */
    public static <T> void write(
            DataStream<T> stream,
            Channel channel,
            String suffix,
            String topic,
            KeyFn<T> key,
            ConsoleBatches console,
            JobOptions o) {
        JobIO.NamedSink<T> sink =
                of(o, new JobOutput<>(channel, suffix, topic, key, stream.getType(), console));
        sink.uidAndName(stream.sinkTo(sink.sink()));
    }

    /**
     * The {@code KafkaSink}, {@code FileSink}, {@code DiscardingSink} or console sink ({@link
     * #print}) that {@code --sink} chooses for one output, with the uid and name of its operator.
     */
    public static <T> JobIO.NamedSink<T> of(JobOptions o, JobOutput<T> output) {
        String name = output.name();
        return switch (o.output.sink) {
            case kafka ->
                    new JobIO.NamedSink<>(
                            kafka(name, output.topic(), output.key(), o),
                            output.uid(),
                            "Kafka sink: " + name + " to " + output.topic());
            case file ->
                    new JobIO.NamedSink<>(
                            files(
                                    output.type(),
                                    output.channel(),
                                    o.output.folder.resolve(name).toString(),
                                    o),
                            output.uid(),
                            "File sink: "
                                    + name
                                    + (output.channel() == Channel.results
                                            ? " (" + o.results.format + ")"
                                            : ""));
            case discard ->
                    new JobIO.NamedSink<>(new DiscardingSink<>(), output.uid(), "Discard: " + name);
            case print -> print(output, o);
        };
    }

    /**
     * {@code --sink print}. Results to stdout from one writer: Spark-like batch tables ({@link
     * ConsoleSink}), or JSON lines with {@code --format json}. Dead letters and late records to
     * stderr as JSON lines, as they come ({@link ConsoleLines}): they stand apart from the results,
     * show up at once, and keep what a table cut to 20 characters would hide (the whole bad record
     * and the reason).
     */
    static <T> JobIO.NamedSink<T> print(JobOutput<T> output, JobOptions o) {
        String name = output.name();
        if (output.channel() != Channel.results) {
            return new JobIO.NamedSink<>(
                    ConsoleLines.stderr(), output.uid(), "Print sink: " + name);
        } else if (o.results.format == OutputFormat.json) {
            return new JobIO.NamedSink<>(
                    ConsoleLines.stdout(), output.uid(), "Print sink: " + name);
        }
        return new JobIO.NamedSink<>(
                new ConsoleSink<>(
                        output.console(),
                        o.output.showRows,
                        !o.checkpointing.checkpointInterval.isZero()),
                output.uid(),
                "Console: " + name + " (a table per batch)");
    }

    static <T> GuardedKafkaSink<T> kafka(String output, String topic, KeyFn<T> key, JobOptions o) {
        KafkaRecordSerializationSchemaBuilder<T> records =
                KafkaRecordSerializationSchema.<T>builder()
                        .setTopic(topic)
                        .setValueSerializationSchema(new JsonLines<>());
        if (key != null) {
            records.setKeySerializationSchema(new KeyBytes<>(key));
        }
        KafkaRecordSerializationSchema<T> serializer = records.build();
        Properties producer = new Properties();
        // Kafka's default message limit, stated so it is never lowered by accident: a dead letter
        // is bounded (DeadLetter.MAX_JSON_BYTES, under 150 KiB) whatever the input, so the DLQ
        // producer always sends it. A user may raise it.
        producer.setProperty("max.request.size", String.valueOf(MAX_REQUEST_BYTES));
        producer.putAll(o.kafka.resolve());
        KafkaSink<T> kafka =
                KafkaSink.<T>builder()
                        .setKafkaProducerConfig(producer)
                        .setBootstrapServers(o.kafka.bootstrapServers)
                        .setRecordSerializer(
                                o.output.recordTimestamp == RecordTimestamp.write
                                        ? new StampedOnWrite<>(serializer)
                                        : serializer)
                        .setDeliveryGuarantee(o.output.deliveryGuarantee)
                        .setTransactionalIdPrefix(transactionalIdPrefix(output, o))
                        .setProperty(
                                "transaction.timeout.ms",
                                String.valueOf(o.output.transactionTimeout.toMillis()))
                        .build();
        return new GuardedKafkaSink<>(
                kafka,
                o.kafka.bootstrapServers,
                o.output.transactionalIdPrefix,
                // Only transactional writers fence each other.
                o.output.deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE
                        ? o.clusterRest
                        : null);
    }

    /**
     * One prefix per deployment (the job's prefix) and output, so no two writers ever share a
     * transactional id.
     */
    static String transactionalIdPrefix(String output, JobOptions o) {
        return o.output.transactionalIdPrefix + "-" + output;
    }

    /**
     * Part files committed on checkpoints (exactly once: a part becomes visible with the checkpoint
     * that holds its records, never before). Results in {@code --format} and, with {@code
     * --partition-by}, in date folders; dead letters and late records always as JSON lines: each
     * has its own shape (a dead letter wraps any raw input), so one format reads them all, and they
     * are few.
     */
    static <T> FileSink<T> files(
            TypeInformation<T> type, Channel channel, String folder, JobOptions o) {
        OutputFormat format = channel == Channel.results ? o.results.format : OutputFormat.json;
        BucketAssigner<T, String> buckets = new BasePathBucketAssigner<>();
        ResultColumns<T> columns = null;
        if (format != OutputFormat.json
                || (channel == Channel.results && o.results.partitionBy != null)) {
            // Checked here, while the job is built: a wrong field fails the submit, not a running
            // job.
            columns =
                    ResultColumns.of(
                            type.getTypeClass(), o.aggregation.outputMode != OutputMode.append);
        }
        if (channel == Channel.results && o.results.partitionBy != null) {
            buckets =
                    new FileFormats.ByDate<>(
                            columns,
                            columns.timestampColumn(o.results.partitionBy, "--partition-by"));
        }
        OutputFileConfig parts =
                OutputFileConfig.builder()
                        .withPartPrefix("part")
                        .withPartSuffix(
                                switch (format) {
                                    case csv -> ".csv";
                                    case parquet -> ".parquet";
                                    default -> ".jsonl";
                                })
                        .build();
        return switch (format) {
            case csv ->
                    FileSink.forBulkFormat(new Path(folder), FileFormats.csv(columns))
                            .withBucketAssigner(buckets)
                            .withOutputFileConfig(parts)
                            .build();
            case parquet ->
                    FileSink.forBulkFormat(new Path(folder), FileFormats.parquet(columns))
                            .withBucketAssigner(buckets)
                            .withOutputFileConfig(parts)
                            .build();
            default ->
                    FileSink.forBulkFormat(new Path(folder), FileFormats.<T>jsonLines())
                            .withBucketAssigner(buckets)
                            .withOutputFileConfig(parts)
                            .build();
        };
    }

    /**
     * Records as the JSON text the other sinks write: for the console, and for tests' collecting
     * sinks.
     */
    public static final class ToJson<T> implements MapFunction<T, String> {
        private final JsonLines<T> json = new JsonLines<>();

        @Override
        public String map(T value) {
            return new String(json.serialize(value), StandardCharsets.UTF_8);
        }
    }

    /**
     * Records without a timestamp of their own, so the producer stamps them with the time of
     * writing (Spark's Kafka sink does the same): retention then counts from the write, not from an
     * event time that may be older than the topic's retention.ms. The sink would otherwise pass the
     * record's Flink timestamp.
     */
    private static final class StampedOnWrite<T> implements KafkaRecordSerializationSchema<T> {
        private final KafkaRecordSerializationSchema<T> records;

        StampedOnWrite(KafkaRecordSerializationSchema<T> records) {
            this.records = records;
        }

        @Override
        public void open(
                SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
                throws Exception {
            records.open(context, sinkContext);
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                T element, KafkaSinkContext context, Long timestamp) {
            return records.serialize(element, context, null);
        }
    }

    private static final class KeyBytes<T> implements SerializationSchema<T> {
        private final KeyFn<T> key;
        private final SimpleStringSchema utf8 = new SimpleStringSchema();

        KeyBytes(KeyFn<T> key) {
            this.key = key;
        }

        @Override
        public byte[] serialize(T element) {
            String k = key.apply(element);
            return k == null ? null : utf8.serialize(k);
        }
    }
}
