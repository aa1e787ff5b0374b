package dev.flinkrecipes.bench;

import com.alibaba.fastjson2.JSON;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.transactions.CategoryAnalyticsJob;
import dev.flinkrecipes.transactions.Transaction;
import dev.flinkrecipes.transactions.TransactionGenerator;
import dev.flinkrecipes.transactions.TransactionParser;
import java.time.Instant;
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
 * JSON parsing of one ~170-byte transaction, the jobs' per-record entry cost: the project's parser
 * (one pass that checks the grammar and reads the fields, JsonCursor; ISO fast path) against
 * Jackson databind and fastjson2 into a POJO, with Instant.parse for the timestamp as a typical job
 * does, and with the project's fast path to compare the JSON part alone. bench/jmh ParserBenchmark
 * runs it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParserBenchmark {
    private String[] lines;
    private int next;
    private final TransactionParser ours =
            TransactionParser.requiring(CategoryAnalyticsJob.REQUIRED);
    private final ObjectMapper databind = new ObjectMapper();

    @Setup
    public void setup() {
        TransactionGenerator gen =
                new TransactionGenerator(7, BenchInputs.START, BenchInputs.EVENTS_PER_SECOND);
        lines = new String[1024];
        for (int i = 0; i < lines.length; i++) lines[i] = gen.line(i);
    }

    private String line() {
        return lines[next++ & 1023];
    }

    @Benchmark
    public Transaction projectParser() throws InvalidRecordException {
        return ours.parse(line());
    }

    @Benchmark
    public long jacksonDatabind() throws Exception {
        Baselines.Txn t = databind.readValue(line(), Baselines.Txn.class);
        return Instant.parse(t.timestamp).toEpochMilli();
    }

    @Benchmark
    public long fastjson2() {
        Baselines.Txn t = JSON.parseObject(line(), Baselines.Txn.class);
        return Instant.parse(t.timestamp).toEpochMilli();
    }

    /**
     * The same two libraries with the project's timestamp fast path: the JSON part alone compared.
     */
    @Benchmark
    public long jacksonDatabindFastTime() throws Exception {
        Baselines.Txn t = databind.readValue(line(), Baselines.Txn.class);
        return JsonFields.parseTimestamp("timestamp", t.timestamp);
    }

    /**
     * Jackson's streaming parser (the project's engine before fastjson2), the fields it needs, no
     * validation.
     */
    @Benchmark
    public long jacksonStreamingFastTime() throws Exception {
        Baselines.Txn t = new Baselines.Txn();
        try (JsonParser p = databind.getFactory().createParser(line())) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "user_id" -> t.userId = p.getText();
                    case "amount" -> t.amount = p.getDoubleValue();
                    case "category" -> t.category = p.getText();
                    case "location" -> t.location = p.getText();
                    case "timestamp" -> t.timestamp = p.getText();
                    default -> p.skipChildren();
                }
            }
        }
        return JsonFields.parseTimestamp("timestamp", t.timestamp);
    }

    @Benchmark
    public long fastjson2FastTime() throws Exception {
        Baselines.Txn t = JSON.parseObject(line(), Baselines.Txn.class);
        return JsonFields.parseTimestamp("timestamp", t.timestamp);
    }
}
