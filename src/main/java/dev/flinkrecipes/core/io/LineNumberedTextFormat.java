package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.options.SourceKind;
import dev.flinkrecipes.core.serde.RawRecord;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;

/**
 * Flink's text-line format, with each line tagged by its file and 1-based line number so that a
 * dead letter says exactly where the bad line is. Checkpointed positions are the wrapped format's
 * own.
 */
public final class LineNumberedTextFormat implements BulkFormat<RawRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private final StreamFormatAdapter<String> lines =
            new StreamFormatAdapter<>(new TextLineInputFormat());
    private final boolean markEndOfFile;

    /**
     * @param markEndOfFile after a file's last line, emit an end-of-file marker (for archive/delete
     *     after commit)
     */
    public LineNumberedTextFormat(boolean markEndOfFile) {
        this.markEndOfFile = markEndOfFile;
    }

    @Override
    public Reader<RawRecord> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new Tagging(
                lines.createReader(config, split), split.path().toString(), markEndOfFile);
    }

    @Override
    public Reader<RawRecord> restoreReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new Tagging(
                lines.restoreReader(config, split), split.path().toString(), markEndOfFile);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    private static final class Tagging implements Reader<RawRecord> {
        private final Reader<String> inner;
        private final String path;
        private boolean markPending;
        private long lastLine;

        Tagging(Reader<String> inner, String path, boolean markEndOfFile) {
            this.inner = inner;
            this.path = path;
            this.markPending = markEndOfFile;
        }

        @Override
        public RecordIterator<RawRecord> readBatch() throws IOException {
            RecordIterator<String> batch = inner.readBatch();
            if (batch == null) {
                if (!markPending) return null;
                // The file is read: one more "record", the end-of-file marker. A restore after it
                // re-emits it
                // (the tracker of completed files treats a repeat as done).
                markPending = false;
                RecordAndPosition<RawRecord> marker =
                        new RecordAndPosition<>(
                                RawRecord.endOfFile(path, lastLine),
                                RecordAndPosition.NO_OFFSET,
                                lastLine + 1);
                return new RecordIterator<>() {
                    private boolean done;

                    @Override
                    public RecordAndPosition<RawRecord> next() {
                        if (done) return null;
                        done = true;
                        return marker;
                    }

                    @Override
                    public void releaseBatch() {}
                };
            }
            return new RecordIterator<>() {
                @Override
                public RecordAndPosition<RawRecord> next() {
                    RecordAndPosition<String> line = batch.next();
                    if (line == null) return null;
                    // The skip count after a line is the number of lines read so far: its line
                    // number.
                    long lineNumber = line.getRecordSkipCount();
                    lastLine = lineNumber;
                    return new RecordAndPosition<>(
                            new RawRecord(line.getRecord(), SourceKind.file, path, lineNumber),
                            line.getOffset(),
                            lineNumber);
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
