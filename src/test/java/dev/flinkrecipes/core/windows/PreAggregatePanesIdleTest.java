package dev.flinkrecipes.core.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.core.ops.Count;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * After an idle period the pre-aggregation goes on when it is the window operator's only input, and
 * only forwards events when it is one of several (whose others may have moved the window operator's
 * watermark on meanwhile).
 */
class PreAggregatePanesIdleTest {
    @ParameterizedTest(name = "parallelism {0}")
    @CsvSource({"1, true", "2, false"})
    void combinesAfterIdlenessOnlyAsTheOnlyInstance(int parallelism, boolean combines)
            throws Exception {
        PreAggregatePanes<String, Long, Long> op =
                new PreAggregatePanes<>(
                        WindowSpec.sliding(Duration.ofMinutes(5), Duration.ofMinutes(1)),
                        e -> "k" + (e % 2),
                        new Count<Long>());
        try (OneInputStreamOperatorTestHarness<Long, Either<Long, Tuple3<String, Long, Long>>> h =
                new OneInputStreamOperatorTestHarness<>(op, 128, parallelism, 0)) {
            h.setup(
                    new EitherTypeInfo<>(
                                    Types.LONG,
                                    new TupleTypeInfo<Tuple3<String, Long, Long>>(
                                            Types.STRING, Types.LONG, Types.LONG))
                            .createSerializer(new SerializerConfigImpl()));
            h.open();
            h.processElement(new StreamRecord<>(1L, 1_000));
            h.processElement(new StreamRecord<>(3L, 2_000));
            h.processWatermark(new Watermark(60_000)); // closes the first pane: one partial
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            h.processWatermarkStatus(WatermarkStatus.ACTIVE);
            h.getOutput().clear(); // what came before the idle period
            for (long e = 0; e < 10; e++) h.processElement(new StreamRecord<>(e, 70_000 + e));
            h.processWatermark(new Watermark(120_000));
            List<Either<Long, Tuple3<String, Long, Long>>> after = h.extractOutputValues();

            long forwarded = after.stream().filter(Either::isLeft).count();
            List<Tuple3<String, Long, Long>> partials =
                    after.stream().filter(Either::isRight).map(Either::right).toList();
            if (combines) {
                assertThat(forwarded).isZero();
                assertThat(partials)
                        .containsExactlyInAnyOrder(
                                Tuple3.of("k0", 60_000L, 5L), Tuple3.of("k1", 60_000L, 5L));
            } else {
                assertThat(forwarded).isEqualTo(10);
                assertThat(partials).isEmpty();
            }
        }
    }
}
