package dev.flinkrecipes.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.local.LocalDataInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file lines as bytes give exactly the lines of Flink's text format once decoded, on files of
 * random lines, line terminators and bytes that are not UTF-8, with lines longer than the reader's
 * buffer and terminators split across its refills.
 */
class ByteLineFormatTest {
    @TempDir Path dir;

    @Test
    void decodedLinesAreFlinksTextLines() throws Exception {
        Random rnd = new Random(42);
        for (int file = 0; file < 60; file++) {
            byte[] content = randomFile(rnd, file);
            Path path = dir.resolve("f" + file);
            Files.write(path, content);
            List<String> ours = new ArrayList<>();
            for (byte[] line : read(new ByteLineFormat(), path)) {
                ours.add(new String(line, StandardCharsets.UTF_8));
            }
            assertThat(ours).as("file %d", file).isEqualTo(read(new TextLineInputFormat(), path));
        }
    }

    @Test
    void linesKeepTheirExactBytes() throws Exception {
        byte[] bad = {'{', (byte) 0xC3, '}', (byte) 0xFF};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bad);
        out.write("\r\n\n\rx\r".getBytes(StandardCharsets.US_ASCII));
        Path path = dir.resolve("exact");
        Files.write(path, out.toByteArray());
        List<byte[]> lines = read(new ByteLineFormat(), path);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo(bad);
        assertThat(lines.get(1)).isEmpty();
        assertThat(lines.get(2)).isEmpty();
        assertThat(lines.get(3)).isEqualTo(new byte[] {'x'});
    }

    private static byte[] randomFile(Random rnd, int file) {
        byte[][] pieces = {
            "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
            "é😀".getBytes(StandardCharsets.UTF_8),
            {'\n'},
            {'\r'},
            {'\r', '\n'},
            {(byte) 0xC3},
            {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xF0, (byte) 0x9F},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0x80},
            {(byte) 0xFF},
            {0},
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // some files hold a line over the 64 KB buffer, and some end without a terminator
        int size = file % 10 == 0 ? 200_000 : rnd.nextInt(3_000);
        while (out.size() < size) {
            byte[] p = pieces[rnd.nextInt(pieces.length)];
            if (file % 10 == 0 && rnd.nextInt(4) > 0) p = pieces[0];
            out.write(p, 0, p.length);
        }
        if (file % 3 == 0) out.write('\n');
        return out.toByteArray();
    }

    private static <T> List<T> read(StreamFormat<T> format, Path path) throws Exception {
        List<T> records = new ArrayList<>();
        FSDataInputStream in = new LocalDataInputStream(path.toFile());
        long size = Files.size(path);
        try (StreamFormat.Reader<T> reader =
                format.createReader(new Configuration(), in, size, size)) {
            for (T r; (r = reader.read()) != null; ) records.add(r);
        }
        return records;
    }
}
