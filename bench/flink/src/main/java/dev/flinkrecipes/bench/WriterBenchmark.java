package dev.flinkrecipes.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.core.serde.Json;
import dev.flinkrecipes.core.serde.JsonLines;
import dev.flinkrecipes.core.serde.OutputJson;
import dev.flinkrecipes.transactions.CategoryAnalyticsJob;
import dev.flinkrecipes.transactions.FraudAlert;
import dev.flinkrecipes.transactions.TransactionGenerator;
import dev.flinkrecipes.transactions.TransactionParser;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing one fraud alert (~220 bytes of JSON), the fraud job's per-alert output cost: the
 * project's writer (JsonLines: OutputJson) against Jackson databind with the same mapping, as a
 * Kafka value and as a file line. bench/jmh WriterBenchmark runs it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WriterBenchmark {
    private FraudAlert[] alerts;
    private int next;
    private final JsonLines<FraudAlert> ours = new JsonLines<>();
    private final ObjectMapper databind = Json.newMapper();

    /** Counts bytes, as a file sink's unbuffered stream takes them. */
    private static final class Counting extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    private final Counting out = new Counting();

    @Setup
    public void setup() throws Exception {
        TransactionGenerator gen =
                new TransactionGenerator(7, BenchInputs.START, BenchInputs.EVENTS_PER_SECOND);
        TransactionParser parser = TransactionParser.requiring(CategoryAnalyticsJob.REQUIRED);
        alerts = new FraudAlert[1024];
        for (int i = 0; i < alerts.length; i++) {
            alerts[i] = new FraudAlert(parser.parse(gen.line(i)), i % 2 == 0, 25 * (i % 4 + 1));
        }
    }

    private FraudAlert alert() {
        return alerts[next++ & 1023];
    }

    @Benchmark
    public byte[] projectWriter() {
        return ours.serialize(alert());
    }

    @Benchmark
    public byte[] jacksonDatabind() throws Exception {
        return databind.writeValueAsBytes(alert());
    }

    @Benchmark
    public long projectWriterLine() throws Exception {
        OutputJson.writeLine(alert(), out);
        return out.bytes;
    }

    /** Jackson as JsonLines wrote a line before: the value, then a copy with the newline. */
    @Benchmark
    public long jacksonDatabindLine() throws Exception {
        byte[] json = databind.writeValueAsBytes(alert());
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        out.write(line);
        return out.bytes;
    }
}
