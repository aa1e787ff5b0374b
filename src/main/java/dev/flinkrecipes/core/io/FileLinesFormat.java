package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.serde.RawRecord;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;

/**
 * The lines of text files ({@link ByteLineFormat}: their bytes, undecoded), each tagged by its file
 * and 1-based line number so that a dead letter says exactly where the bad line is and keeps its
 * exact bytes. Checkpointed positions are Flink's text format's: lines read since the file's start.
 */
public final class FileLinesFormat implements BulkFormat<RawRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private final StreamFormatAdapter<byte[]> lines =
            new StreamFormatAdapter<>(new ByteLineFormat());
    private final boolean markEndOfFile;

    /**
     * @param markEndOfFile after a file's last line, emit an end-of-file marker (for archive/delete
     *     after commit)
     */
    public FileLinesFormat(boolean markEndOfFile) {
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
        private final Reader<byte[]> inner;
        private final String path;
        private boolean markPending;
        private long lastLine;

        Tagging(Reader<byte[]> inner, String path, boolean markEndOfFile) {
            this.inner = inner;
            this.path = path;
            this.markPending = markEndOfFile;
        }

        @Override
        public RecordIterator<RawRecord> readBatch() throws IOException {
            RecordIterator<byte[]> batch = inner.readBatch();
            if (batch == null) {
                if (!markPending) return null;
                // The file is read: one more "record", the end-of-file marker. A restore after it
                // re-emits it (the tracker of completed files treats a repeat as done).
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
                    RecordAndPosition<byte[]> line = batch.next();
                    if (line == null) return null;
                    // The skip count after a line is the number of lines read so far: its line
                    // number.
                    long lineNumber = line.getRecordSkipCount();
                    lastLine = lineNumber;
                    return new RecordAndPosition<>(
                            RawRecord.fileLine(line.getRecord(), path, lineNumber),
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
