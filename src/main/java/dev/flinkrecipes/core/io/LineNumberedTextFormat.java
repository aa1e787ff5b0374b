package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.serde.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;

import java.io.IOException;

/**
 * Flink's text-line format, with each line tagged by its file and 1-based line number so that a dead
 * letter says exactly where the bad line is. Checkpointed positions are the wrapped format's own.
 */
public final class LineNumberedTextFormat implements BulkFormat<RawRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private final StreamFormatAdapter<String> lines = new StreamFormatAdapter<>(new TextLineInputFormat());

    @Override
    public Reader<RawRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new Tagging(lines.createReader(config, split), split.path().toString());
    }

    @Override
    public Reader<RawRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return new Tagging(lines.restoreReader(config, split), split.path().toString());
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    private record Tagging(Reader<String> inner, String path) implements Reader<RawRecord> {
        @Override
        public RecordIterator<RawRecord> readBatch() throws IOException {
            RecordIterator<String> batch = inner.readBatch();
            if (batch == null) return null;
            return new RecordIterator<>() {
                @Override
                public RecordAndPosition<RawRecord> next() {
                    RecordAndPosition<String> line = batch.next();
                    if (line == null) return null;
                    // The skip count after a line is the number of lines read so far: its line number.
                    long lineNumber = line.getRecordSkipCount();
                    return new RecordAndPosition<>(
                            new RawRecord(line.getRecord(), path, 0, lineNumber), line.getOffset(), lineNumber);
                }

                @Override
                public void releaseBatch() {
                    batch.releaseBatch();
                }
            };
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
