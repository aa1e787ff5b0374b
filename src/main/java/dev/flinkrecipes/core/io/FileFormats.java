package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.serde.OutputJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.csv.CsvRowDataSerializationSchema;
import org.apache.flink.formats.parquet.row.ParquetRowDataBuilder;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.dataformat.csv.CsvMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.table.data.RowData;
import org.apache.hadoop.conf.Configuration;

/**
 * The part files of {@code --sink file}: JSON lines ({@link OutputJson}), CSV and Parquet (Flink's
 * flink-csv and flink-parquet writers over {@link ResultColumns}' rows), and the {@code
 * date=yyyy-MM-dd/} folders of {@code --partition-by}.
 */
final class FileFormats {
    /**
     * The JSON and CSV writers' buffer. The file sink's local stream writes straight to the file,
     * one system call per write; buffered, the fraud alerts (half the input) cost a fraction of the
     * system CPU. Flushed at every checkpoint (the part file rolls then) and at the end.
     */
    private static final int BUFFER_BYTES = 64 * 1024;

    private FileFormats() {}

    /** Writes one element as its line(s) to the part file's buffered stream. */
    @FunctionalInterface
    private interface LineWriter<T> {
        void write(T element, OutputStream out) throws IOException;
    }

    /** A part file of lines through the buffer: flushed at each checkpoint and at the end. */
    private static <T> BulkWriter<T> buffered(OutputStream out, LineWriter<T> lines) {
        return new BulkWriter<T>() {
            @Override
            public void addElement(T element) throws IOException {
                lines.write(element, out);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void finish() throws IOException {
                out.flush(); // the sink closes the stream
            }
        };
    }

    /** One JSON object per line, as the Kafka and console sinks write it. */
    static <T> BulkWriter.Factory<T> jsonLines() {
        return stream ->
                buffered(new BufferedOutputStream(stream, BUFFER_BYTES), OutputJson::writeLine);
    }

    /**
     * CSV with a header line per part file (a part file is read on its own), the JSON's column
     * names and values.
     */
    static <T> BulkWriter.Factory<T> csv(ResultColumns<T> columns) {
        CsvRowDataSerializationSchema rows =
                new CsvRowDataSerializationSchema.Builder(columns.rowType(true)).build();
        String[] header = columns.names().toArray(String[]::new);
        return stream -> {
            BufferedOutputStream out = new BufferedOutputStream(stream, BUFFER_BYTES);
            try {
                rows.open(
                        null); // it only builds its Jackson writer: no metrics, no user code class
                // loader needed
            } catch (Exception e) {
                throw new IOException("cannot open the CSV writer", e);
            }
            // The header through the same CSV writer as the rows, so a name is quoted as a value
            // would be.
            out.write(new CsvMapper().writer(CsvSchema.emptySchema()).writeValueAsBytes(header));
            return buffered(
                    out,
                    (T element, OutputStream o) -> {
                        o.write(rows.serialize(columns.toRow(element, true)));
                        o.write('\n'); // the schema writes a record, not a line
                    });
        };
    }

    /**
     * Snappy-compressed Parquet; timestamps as INT64 {@code TIMESTAMP(MILLIS)} holding the UTC time
     * (not Flink's default, the deprecated INT96, which parquet-avro and other plain readers
     * refuse). Flink marks them not adjusted to UTC, so Spark reads them as TIMESTAMP_NTZ: the UTC
     * wall-clock time the JSON shows, without the zone.
     */
    static <T> BulkWriter.Factory<T> parquet(ResultColumns<T> columns) {
        Configuration conf = new Configuration(false);
        conf.setBoolean("parquet.write.int64.timestamp", true);
        conf.set("parquet.timestamp.time.unit", "millis");
        conf.set("parquet.compression", "SNAPPY");
        BulkWriter.Factory<RowData> rows =
                ParquetRowDataBuilder.createWriterFactory(columns.rowType(false), conf, true);
        return out -> {
            BulkWriter<RowData> writer = rows.create(out);
            return new BulkWriter<T>() {
                @Override
                public void addElement(T element) throws IOException {
                    writer.addElement(columns.toRow(element, false));
                }

                @Override
                public void flush() throws IOException {
                    writer.flush();
                }

                @Override
                public void finish() throws IOException {
                    writer.finish();
                }
            };
        };
    }

    /**
     * Spark's {@code partitionBy} on a date: a folder {@code date=yyyy-MM-dd} per UTC day of a
     * timestamp column of the results (event time, so a replay lands in the same folders; Flink's
     * DateTimeBucketAssigner uses the time of writing). The column stays in the files too.
     */
    static final class ByDate<T> implements BucketAssigner<T, String> {
        private static final long serialVersionUID = 1L;
        private final ResultColumns<T> columns;
        private final int column;

        ByDate(ResultColumns<T> columns, int column) {
            this.columns = columns;
            this.column = column;
        }

        @Override
        public String getBucketId(T element, Context context) {
            Long millis = columns.epochMillis(element, column);
            return "date="
                    + (millis == null
                            ? "__HIVE_DEFAULT_PARTITION__"
                            : Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC).toLocalDate());
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }
}
