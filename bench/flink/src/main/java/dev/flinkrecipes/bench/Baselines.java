package dev.flinkrecipes.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The straightforward versions a first Flink job would be: Jackson databind into a POJO, Flink's
 * window assigners with a plain aggregate, a HashSet for distinct users (Kryo, generic types
 * allowed), no DLQ.
 */
final class Baselines {
    private Baselines() {}

    /** The transaction as databind reads it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Txn {
        @JsonProperty("user_id")
        public String userId;

        public double amount;
        public String category;
        public String location;
        public String timestamp;
        public long ts;

        public Txn() {}
    }

    static DataStream<Txn> read(StreamExecutionEnvironment env, java.nio.file.Path input) {
        FileSource<String> files =
                FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(input.toUri()))
                        .build();
        return env.fromSource(files, WatermarkStrategy.noWatermarks(), "baseline files")
                .map(
                        new RichMapFunction<String, Txn>() {
                            private transient ObjectMapper mapper;

                            @Override
                            public void open(OpenContext context) {
                                mapper = new ObjectMapper();
                            }

                            @Override
                            public Txn map(String line) throws Exception {
                                Txn t = mapper.readValue(line, Txn.class);
                                t.ts = Instant.parse(t.timestamp).toEpochMilli();
                                return t;
                            }
                        })
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Txn>forBoundedOutOfOrderness(Duration.ofMinutes(10))
                                .withTimestampAssigner((t, p) -> t.ts));
    }

    /** Count, sum, max (and distinct users, when asked) of amounts. */
    public static class Acc {
        public long count;
        public double sum;
        public double max;
        public Set<String> users;

        public Acc() {}
    }

    static final class Stats implements AggregateFunction<Txn, Acc, Acc> {
        private final boolean distinct;

        Stats(boolean distinct) {
            this.distinct = distinct;
        }

        @Override
        public Acc createAccumulator() {
            Acc a = new Acc();
            if (distinct) a.users = new HashSet<>();
            return a;
        }

        @Override
        public Acc add(Txn t, Acc a) {
            a.count++;
            a.sum += t.amount;
            a.max = Math.max(a.max, t.amount);
            if (distinct) a.users.add(t.userId);
            return a;
        }

        @Override
        public Acc getResult(Acc a) {
            return a;
        }

        @Override
        public Acc merge(Acc a, Acc b) {
            a.count += b.count;
            a.sum += b.sum;
            return a;
        }
    }

    static void sliding(StreamExecutionEnvironment env, java.nio.file.Path input) {
        read(env, input)
                .keyBy(t -> t.location)
                .window(SlidingEventTimeWindows.of(Duration.ofMinutes(5), Duration.ofMinutes(1)))
                .aggregate(new Stats(false))
                .sinkTo(new DiscardingSink<>());
    }

    static void tumblingDistinct(StreamExecutionEnvironment env, java.nio.file.Path input) {
        read(env, input)
                .keyBy(t -> t.category + "|" + t.location)
                .window(TumblingEventTimeWindows.of(Duration.ofMinutes(5)))
                .aggregate(new Stats(true))
                .sinkTo(new DiscardingSink<>());
    }
}
