package dev.flinkrecipes.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.core.options.StateBackendKind;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.InMemoryJob;
import dev.flinkrecipes.testing.OnEveryStateBackend;
import dev.flinkrecipes.testing.TestTransactions;
import dev.flinkrecipes.testing.TestTransactions.Txn;
import dev.flinkrecipes.transactions.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.transformations.TwoInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

/**
 * The transactions-user_updates interval join: its operator in a harness (matches, state cleanup),
 * and the job on files.
 */
@OnEveryStateBackend
class TransactionEnrichmentTest {
    @Parameter StateBackendKind stateBackend;

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    static final long T0 = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();
    static final long MIN = 60_000;
    static final long HOUR = 60 * MIN;

    static Transaction txn(String user, long ts) {
        return new Transaction("t" + ts, user, 10, "Amazon", "Gas", ts, "Madrid");
    }

    static UserUpdate update(String user, long ts, String tier) {
        return new UserUpdate(user, ts, Map.of("tier", tier));
    }

    @Test
    @SuppressWarnings("unchecked")
    void joinsUpdatesOfTheHourBeforeAndDropsStateOnceNoMatchIsPossible() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        OutputTag<Transaction> lateT =
                new OutputTag<>("late-transactions", TypeInformation.of(Transaction.class));
        OutputTag<UserUpdate> lateU =
                new OutputTag<>("late-updates", TypeInformation.of(UserUpdate.class));
        SingleOutputStreamOperator<EnrichedTransaction> joined =
                TransactionEnrichmentJob.join(
                        env.fromData(Transaction.class, txn("u", T0)).keyBy(t -> t.userId),
                        env.fromData(UserUpdate.class, update("u", T0, "x")).keyBy(u -> u.userId),
                        lateT,
                        lateU);
        TwoInputTransformation<Transaction, UserUpdate, EnrichedTransaction> t =
                (TwoInputTransformation<Transaction, UserUpdate, EnrichedTransaction>)
                        joined.getTransformation();
        var operator =
                (TwoInputStreamOperator<Transaction, UserUpdate, EnrichedTransaction>)
                        ((SimpleOperatorFactory<EnrichedTransaction>) t.getOperatorFactory())
                                .getOperator();
        try (var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        operator,
                        (KeySelector<Transaction, String>) t.getStateKeySelector1(),
                        (KeySelector<UserUpdate, String>) t.getStateKeySelector2(),
                        TypeInformation.of(String.class))) {
            h.open();
            h.processElement2(new StreamRecord<>(update("u1", T0, "silver"), T0));
            h.processElement2(
                    new StreamRecord<>(update("u1", T0 + 30 * MIN, "gold"), T0 + 30 * MIN));
            h.processElement2(new StreamRecord<>(update("u2", T0, "bronze"), T0));
            h.processElement1(
                    new StreamRecord<>(
                            txn("u1", T0 + HOUR), T0 + HOUR)); // both u1 updates (bounds inclusive)
            h.processElement1(
                    new StreamRecord<>(txn("u1", T0 - 1), T0 - 1)); // before any update: none
            h.processElement1(
                    new StreamRecord<>(
                            txn("u1", T0 + HOUR + 1), T0 + HOUR + 1)); // the 10:30 update only
            h.processElement1(new StreamRecord<>(txn("u3", T0 + MIN), T0 + MIN)); // no update of u3
            assertThat(h.extractOutputValues())
                    .extracting(
                            e ->
                                    e.userId
                                            + "@"
                                            + (e.timestamp - T0) / MIN
                                            + ":"
                                            + e.profile.get("tier"))
                    .containsExactlyInAnyOrder("u1@60:silver", "u1@60:gold", "u1@60:gold");
            assertThat(h.numKeyedStateEntries()).isPositive();

            // Watermarks past every interval: all buffered elements are dropped from state.
            h.processBothWatermarks(new Watermark(T0 + 3 * HOUR));
            assertThat(h.numKeyedStateEntries()).isZero();
            h.processElement1(new StreamRecord<>(txn("u1", T0 + HOUR), T0 + HOUR));
            assertThat(h.getSideOutput(lateT)).hasSize(1);
        }
    }

    @Test
    void theJobJoinsTwoFiles() throws Exception {
        Random r = new Random(12);
        List<Txn> txns =
                TestTransactions.random(
                        6, 400, T0 + HOUR, 20_000, 0); // 10:00 + 1h onwards, 20 s apart
        List<String> updateLines = new ArrayList<>();
        List<long[]> updates = new ArrayList<>(); // user number, time
        for (int i = 0; i < 150; i++) {
            long ts = T0 + i * 60_000L;
            int user = 1 + r.nextInt(20);
            updates.add(new long[] {user, ts});
            updateLines.add(
                    "{\"user_id\":\"user_"
                            + user
                            + "\",\"update_time\":\""
                            + Instant.ofEpochMilli(ts)
                            + "\",\"tier\":\"t"
                            + i
                            + "\",\"address\":{\"city\":\"Madrid\"}}");
        }
        updateLines.add(30, "{\"user_id\":\"user_1\"}");
        InMemoryJob.Outputs out =
                InMemoryJob.run(
                        "transaction-enrichment",
                        Map.of("", txns.stream().map(Txn::json).toList(), "updates", updateLines),
                        OnEveryStateBackend.Options.with(stateBackend, "--parallelism", "2"));

        Set<String> expected = new HashSet<>();
        for (Txn t : txns) {
            for (int i = 0; i < updates.size(); i++) {
                long[] u = updates.get(i);
                if (t.user().equals("user_" + u[0]) && u[1] <= t.ts() && t.ts() <= u[1] + HOUR)
                    expected.add(t.id() + "|t" + i);
            }
        }
        Set<String> actual = new HashSet<>();
        List<JsonNode> rows = out.results();
        for (JsonNode row : rows) {
            actual.add(
                    row.get("transaction_id").asText()
                            + "|"
                            + row.get("profile").get("tier").asText());
            assertThat(row.get("profile").has("address"))
                    .as("nested objects are not profile fields")
                    .isFalse();
        }
        assertThat(rows).hasSize(expected.size());
        assertThat(actual).isEqualTo(expected).hasSizeGreaterThan(50);
        assertThat(out.all().get("dlq-updates"))
                .singleElement()
                .satisfies(
                        d ->
                                assertThat(d.get("reason").asText())
                                        .isEqualTo("missing field update_time"));
    }
}
