package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.OutputFormat;
import dev.flinkrecipes.core.options.OutputMode;
import dev.flinkrecipes.core.options.RecordTimestamp;
import dev.flinkrecipes.core.options.SinkKind;
import dev.flinkrecipes.core.serde.JsonLines;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.Function;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
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
 * files committed on checkpoints (JSON lines, CSV or Parquet), discard ({@link #of}: a Flink sink
 * each), or the console ({@link #print}). Records are written as JSON, except results in files with
 * {@code --format csv|parquet}.
 */
public final class Sinks {
    static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private Sinks() {}

    /** The Kafka record key of a result, e.g. its user id; {@code null} for no key. */
    @FunctionalInterface
    public interface KeyFn<T> extends Function<T, String>, Serializable {}

    /**
     * {@code stream.sinkTo(sink).uid(output.uid()).name(...)}, with the sink {@code io} gives for
     * {@code --sink kafka|file|discard}; with {@code --sink print}, {@link #print}.
     *
     * @param console with {@code --sink print}: what a batch of the results is and how its rows are
     *     ordered
     */
    public static <T> void sinkTo(
            DataStream<T> stream,
            JobOutput<T> output,
            ConsoleBatches console,
            JobOptions o,
            JobIO io) {
        if (o.output.sink == SinkKind.print) {
            print(stream, output, console, o);
            return;
        }
        JobIO.NamedSink<T> sink = io.sink(o, output);
        stream.sinkTo(sink.sink()).uid(output.uid()).name(sink.name());
    }

    /**
     * {@link #sinkTo} with the command line's sinks, for code that builds a job's graph itself (the
     * benchmarks).
     */
    public static <T> void write(
            DataStream<T> stream,
            Channel channel,
            String suffix,
            String topic,
            KeyFn<T> key,
            ConsoleBatches console,
            JobOptions o) {
        sinkTo(
                stream,
                new JobOutput<>(channel, suffix, topic, key, stream.getType()),
                console,
                o,
                JobIO.FROM_OPTIONS);
    }

    /**
     * The {@code KafkaSink}, {@code FileSink} or {@code DiscardingSink} that {@code --sink} chooses
     * for one output, with the name of its operator.
     */
    public static <T> JobIO.NamedSink<T> of(JobOptions o, JobOutput<T> output) {
        String name = output.name();
        return switch (o.output.sink) {
            case kafka ->
                    new JobIO.NamedSink<>(
                            kafka(name, output.topic(), output.key(), o),
                            "Kafka sink: " + name + " to " + output.topic());
            case file ->
                    new JobIO.NamedSink<>(
                            files(
                                    output.type(),
                                    output.channel(),
                                    o.output.folder.resolve(name).toString(),
                                    o),
                            "File sink: "
                                    + name
                                    + (output.channel() == Channel.results
                                            ? " (" + o.results.format + ")"
                                            : ""));
            case discard -> new JobIO.NamedSink<>(new DiscardingSink<>(), "Discard: " + name);
            case print ->
                    throw new IllegalArgumentException(
                            "the console is no single Flink Sink: write to it with Sinks.print");
        };
    }

    /**
     * {@code --sink print}. Results to stdout from one writer: Spark-like batch tables, or JSON
     * lines with {@code --format json}. Dead letters and late records to stderr as JSON lines, as
     * they come: they stand apart from the results, show up at once, and keep what a table cut to
     * 20 characters would hide (the whole bad record and the reason). A helper rather than a {@link
     * #of Sink}: the records become JSON first ({@code map(ToJson)}), and a table is an operator of
     * its own ({@link ConsolePrinter}, one instance after a global step, whose state savepoints
     * keep under the output's uid), not a sink writer.
     */
    public static <T> void print(
            DataStream<T> stream, JobOutput<T> output, ConsoleBatches console, JobOptions o) {
        String name = output.name();
        String uid = output.uid();
        DataStream<String> json = stream.map(new ToJson<T>()).uid(uid + "-json").name("To JSON");
        if (output.channel() != Channel.results) {
            json.sinkTo(ConsoleLines.stderr()).uid(uid).name("Print sink: " + name);
        } else if (o.results.format == OutputFormat.json) {
            json.sinkTo(ConsoleLines.stdout())
                    .setParallelism(1)
                    .uid(uid)
                    .name("Print sink: " + name);
        } else {
            json.global()
                    .transform(
                            "Console: " + name,
                            Types.VOID,
                            new ConsolePrinter(
                                    console,
                                    o.output.showRows,
                                    !o.checkpointing.checkpointInterval.isZero()))
                    .setParallelism(1)
                    .uid(uid)
                    .name("Console: " + name + " (a table per batch)");
        }
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
