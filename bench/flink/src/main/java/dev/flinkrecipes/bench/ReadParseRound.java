package dev.flinkrecipes.bench;

import dev.flinkrecipes.core.io.FileLinesFormat;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.transactions.CategoryAnalyticsJob;
import dev.flinkrecipes.transactions.TransactionGenerator;
import dev.flinkrecipes.transactions.TransactionParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;

/**
 * Half a second (at least one whole file) of what the jobs' file source and parse step do, in one
 * thread: the file format's reader over a generated JSON-lines file, each line parsed, as records
 * per second. The read+parse round of {@link ParserAB} ({@code bench/parser-ab <rev> N
 * read-parse}): the decoding and line splitting count here, not only the parser.
 */
public final class ReadParseRound implements LongSupplier {
    static final int LINES = 200_000;
    private final Path file;
    private final TransactionParser parser =
            TransactionParser.requiring(CategoryAnalyticsJob.REQUIRED);
    private final FileLinesFormat format = new FileLinesFormat(false);
    private long sink; // keeps the results alive

    public ReadParseRound() {
        try {
            file = Path.of(System.getProperty("parser-ab.input", "target/parser-ab/input.jsonl"));
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Path tmp = Files.createTempDirectory(file.getParent(), "input");
                Path made =
                        BenchInputs.write(
                                        new TransactionGenerator(
                                                7,
                                                BenchInputs.START,
                                                BenchInputs.EVENTS_PER_SECOND),
                                        tmp,
                                        "input",
                                        0,
                                        LINES,
                                        1)
                                .get(0);
                Files.move(made, file);
                Files.delete(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long getAsLong() {
        long t0 = System.nanoTime();
        long n = 0;
        try {
            do {
                n += readFile();
            } while (System.nanoTime() - t0 < 500_000_000L);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return n * 1_000_000_000L / (System.nanoTime() - t0);
    }

    private long readFile() throws Exception {
        long size = Files.size(file);
        FileSourceSplit split =
                new FileSourceSplit(
                        "0",
                        new org.apache.flink.core.fs.Path(file.toUri()),
                        0,
                        size,
                        Files.getLastModifiedTime(file).toMillis(),
                        size);
        long n = 0;
        BulkFormat.Reader<RawRecord> reader = format.createReader(new Configuration(), split);
        try {
            for (BulkFormat.RecordIterator<RawRecord> batch;
                    (batch = reader.readBatch()) != null; ) {
                for (RecordAndPosition<RawRecord> r; (r = batch.next()) != null; ) {
                    sink += parser.parse(r.getRecord()).timestamp;
                    n++;
                }
                batch.releaseBatch();
            }
        } finally {
            reader.close();
        }
        return n;
    }
}
