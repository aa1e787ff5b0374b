package dev.flinkrecipes.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.FlinkCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state class evolves as Flink allows: {@link Tally} is a POJO kept in keyed state, and the
 * committed savepoint {@value #SAVEPOINT} was taken when it had fields {@code key} and {@code
 * count} only. The current class has one more field; the savepoint restores into it (Flink's POJO
 * serializer migrates the state), the counts carry on exactly where they stopped, and the new field
 * starts at its default.
 */
class StateEvolutionTest {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    static final Path SAVEPOINT = Path.of("src/test/resources/state-evolution/tally-v1");

    @TempDir Path dir;

    /** The state class. Version 1 had {@code key} and {@code count}. */
    public static class Tally {
        public String key;
        public long count;

        /** Added in version 2: counted since the job last started from a savepoint. */
        public long sinceRestore;

        public Tally() {}
    }

    /**
     * Counts numbers per key (the number modulo 3); emits {@code key,number,count,sinceRestore}
     * (version 1 emitted the first three).
     */
    static final class CountPerKey extends KeyedProcessFunction<String, Long, String> {
        private transient ValueState<Tally> tally;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext context) {
            tally = getRuntimeContext().getState(new ValueStateDescriptor<>("tally", Tally.class));
        }

        @Override
        public void processElement(Long number, Context ctx, Collector<String> out)
                throws Exception {
            Tally t = tally.value();
            if (t == null) {
                t = new Tally();
                t.key = ctx.getCurrentKey();
            }
            t.count++;
            t.sinceRestore++;
            tally.update(t);
            out.collect(t.key + "," + number + "," + t.count + "," + t.sinceRestore);
        }
    }

    /** Numbers 0, 1, 2 ... (the source's position is in the savepoint), counted per key. */
    static DataStream<String> job(StreamExecutionEnvironment env) {
        env.setParallelism(1);
        return env.fromSource(
                        new DataGeneratorSource<>(
                                n -> n,
                                Long.MAX_VALUE,
                                RateLimiterStrategy.perSecond(200),
                                Types.LONG),
                        WatermarkStrategy.noWatermarks(),
                        "numbers")
                .uid("numbers")
                .keyBy(n -> "k" + (n % 3))
                .process(new CountPerKey())
                .uid("tally")
                .name("Tally per key");
    }

    @Test
    void aFieldAddedToAPojoStateClassRestoresFromTheOldSavepoint() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream.Collector<String> collector = new DataStream.Collector<>();
        job(env).collectAsync(collector);
        StreamGraph graph = env.getStreamGraph();
        // Only the client's result fetch (collect sink) of version 1 goes unclaimed: its uid is
        // Flink's.
        graph.setSavepointRestoreSettings(
                SavepointRestoreSettings.forPath(SAVEPOINT.toUri().toString(), true));
        List<String[]> rows = new ArrayList<>();
        JobClient job = env.executeAsync(graph);
        try (CloseableIterator<String> out = collector.getOutput()) {
            while (rows.size() < 30) {
                String[] row = out.next().split(",");
                // The collect sink's own state hands over the rows version 1 had not yet given
                // its client: three fields. Version 2's rows have four.
                if (row.length == 4) rows.add(row);
            }
        } finally {
            job.cancel().get();
        }
        long firstNumber = Long.parseLong(rows.get(0)[1]);
        assertThat(firstNumber)
                .as(
                        "the source resumed where version 1 stopped: %s",
                        rows.stream().limit(5).map(r -> String.join(",", r)).toList())
                .isPositive();
        for (String[] row : rows) {
            long number = Long.parseLong(row[1]);
            long residue = number % 3;
            assertThat(row[0]).isEqualTo("k" + residue);
            assertThat(Long.parseLong(row[2]))
                    .as("count of %s at %d: every number before it counted once", row[0], number)
                    .isEqualTo((number - residue) / 3 + 1);
            assertThat(Long.parseLong(row[3]))
                    .as("the new field starts at its default (0) on restore")
                    .isEqualTo((number - residue) / 3 + 1 - (firstNumber + 2 - residue) / 3);
        }
    }

    /**
     * Made the committed savepoint with version 1 of {@link Tally} ({@code
     * -Dstate-evolution.make}): the job counted some numbers and stopped with a canonical
     * savepoint.
     */
    @Test
    @EnabledIfSystemProperty(named = "state-evolution.make", matches = "true")
    void makeTheSavepoint(@InjectClusterClient ClusterClient<?> client) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        try (CloseableIterator<String> rows = job(env).executeAndCollect()) {
            for (int i = 0; i < 30; i++) rows.next();
            JobID job = Await.runningJob(client);
            String savepoint =
                    client.stopWithSavepoint(
                                    job,
                                    false,
                                    dir.toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();
            Files.createDirectories(SAVEPOINT);
            Files.copy(
                    Path.of(java.net.URI.create(savepoint)).resolve("_metadata"),
                    SAVEPOINT.resolve("_metadata"));
        }
    }
}
