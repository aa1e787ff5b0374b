package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.serde.ByteScan;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * The lines of a file as their bytes, undecoded, split where {@code BufferedReader.readLine} splits
 * ("\n", "\r" or "\r\n"; no empty line after a final terminator). Flink's {@code
 * TextLineInputFormat} decodes every line to a String that a JSON parser then reads again; these
 * bytes go to the parser as they are, and decoding them gives exactly the lines that format gives
 * (a line terminator is an ASCII byte, which no UTF-8 sequence contains). Restored as Flink's text
 * format is: from the file's start, skipping the lines already read.
 */
public final class ByteLineFormat extends SimpleStreamFormat<byte[]> {
    private static final long serialVersionUID = 1L;
    private static final int BUFFER = 64 * 1024;

    @Override
    public Reader<byte[]> createReader(Configuration config, FSDataInputStream stream) {
        return new LineReader(stream);
    }

    @Override
    public TypeInformation<byte[]> getProducedType() {
        return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
    }

    private static final class LineReader implements Reader<byte[]> {
        private final FSDataInputStream in;
        private byte[] buffer = new byte[BUFFER];
        private int start; // the current line's first byte in the buffer
        private int end; // bytes in the buffer
        private boolean eof;
        private boolean skipLineFeed; // the last line ended with '\r': a '\n' next belongs to it

        LineReader(FSDataInputStream in) {
            this.in = in;
        }

        @Override
        public byte[] read() throws IOException {
            int scanned = start;
            while (true) {
                if (skipLineFeed && scanned < end) {
                    skipLineFeed = false;
                    if (buffer[scanned] == '\n') {
                        start = ++scanned;
                    }
                }
                int i = ByteScan.lineEnd(buffer, scanned, end);
                if (i >= 0) {
                    byte[] line = Arrays.copyOfRange(buffer, start, i);
                    start = i + 1;
                    skipLineFeed = buffer[i] == '\r';
                    return line;
                }
                if (eof) {
                    if (start == end) return null;
                    byte[] line = Arrays.copyOfRange(buffer, start, end);
                    start = end;
                    return line;
                }
                scanned = end - start;
                fill();
            }
        }

        /** Keeps the unfinished line, moved to the buffer's start, and reads more after it. */
        private void fill() throws IOException {
            int kept = end - start;
            if (kept == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2); // a line longer than the buffer
            } else if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, kept);
            }
            start = 0;
            end = kept;
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) eof = true;
            else end += n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
