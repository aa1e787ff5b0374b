package dev.flinkrecipes.etl;

import java.util.Map;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Clean events as Parquet: the schema, a snappy writer for Flink's bulk file sink, and Spark's
 * {@code partitionBy("date_partition")} directory layout ({@code date_partition=2024-01-15/}). As
 * in Spark, the partition column lives in the directory name, not in the files.
 */
public final class ParquetEvents {
    private ParquetEvents() {}

    public static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    """
                    message clean_event {
                      required binary event_id (STRING);
                      required binary user_id (STRING);
                      optional binary event_type (STRING);
                      required int64 event_time (TIMESTAMP(MILLIS,true));
                      optional double value;
                      required int64 processed_timestamp (TIMESTAMP(MILLIS,true));
                    }\
                    """);

    /** Snappy-compressed Parquet, one file per bucket and checkpoint. */
    public static ParquetWriterFactory<CleanEvent> writerFactory() {
        return new ParquetWriterFactory<>(
                out -> new Builder(out).withCompressionCodec(CompressionCodecName.SNAPPY).build());
    }

    /** Hive-style partition directories, like Spark's partitionBy. */
    public static final class ByDatePartition implements BucketAssigner<CleanEvent, String> {
        @Override
        public String getBucketId(CleanEvent e, Context context) {
            return "date_partition=" + e.datePartition;
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }

    private static final class Builder extends ParquetWriter.Builder<CleanEvent, Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<CleanEvent> getWriteSupport(Configuration conf) {
            return new CleanEventWriteSupport();
        }
    }

    /** Writes a clean event's fields in schema order. */
    static final class CleanEventWriteSupport extends WriteSupport<CleanEvent> {
        private RecordConsumer out;

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(SCHEMA, Map.of("writer", "flink-recipes"));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(CleanEvent e) {
            out.startMessage();
            string(0, "event_id", e.eventId);
            string(1, "user_id", e.userId);
            string(2, "event_type", e.eventType);
            int64(3, "event_time", e.eventTime);
            if (e.value != null) {
                out.startField("value", 4);
                out.addDouble(e.value);
                out.endField("value", 4);
            }
            int64(5, "processed_timestamp", e.processedTimestamp);
            out.endMessage();
        }

        private void string(int index, String name, String value) {
            if (value == null) return;
            out.startField(name, index);
            out.addBinary(Binary.fromString(value));
            out.endField(name, index);
        }

        private void int64(int index, String name, long value) {
            out.startField(name, index);
            out.addLong(value);
            out.endField(name, index);
        }
    }
}
