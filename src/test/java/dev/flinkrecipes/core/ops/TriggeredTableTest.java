package dev.flinkrecipes.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.core.options.OutputMode;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Spark's output modes on processing-time triggers, driven by the harness's clock. */
class TriggeredTableTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> table(
            OutputMode mode) throws Exception {
        return table(mode, 1000);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> table(
            OutputMode mode, long trigger) throws Exception {
        TriggeredTable<String, Long, String> fn =
                new TriggeredTable<>(
                        new Count<>(),
                        Types.LONG,
                        (key, count, at) -> "@" + at + " " + key + "=" + count,
                        mode,
                        trigger);
        KeyedOneInputStreamOperatorTestHarness<String, String, String> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(fn, w -> w, Types.STRING);
        h.setProcessingTime(0);
        return h;
    }

    private static List<String> drain(
            KeyedOneInputStreamOperatorTestHarness<String, String, String> h) {
        List<String> out = List.copyOf(h.extractOutputValues());
        h.getOutput().clear();
        return out;
    }

    @Test
    void completeModeEmitsEveryKeyAtEveryTriggerThatHadInput() throws Exception {
        var h = table(OutputMode.complete);
        h.processElement("a", 0);
        h.processElement("b", 0);
        h.setProcessingTime(500);
        h.processElement("a", 0);
        assertThat(drain(h)).as("nothing before the trigger").isEmpty();
        h.setProcessingTime(1000);
        assertThat(drain(h)).containsExactlyInAnyOrder("@1000 a=2", "@1000 b=1");
        h.setProcessingTime(2000);
        assertThat(drain(h)).as("no batch without new data, as in Spark").isEmpty();
        h.processElement("c", 0);
        h.setProcessingTime(3000);
        assertThat(drain(h)).containsExactlyInAnyOrder("@3000 a=2", "@3000 b=1", "@3000 c=1");
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(drain(h)).as("the end adds no batch: nothing new since the last").isEmpty();
        h.close();
    }

    @Test
    void appendModeEmitsEachBatchOnItsOwnAndTheLastAtTheEndOfInput() throws Exception {
        var h = table(OutputMode.append);
        h.processElement("a", 0);
        h.processElement("a", 0);
        h.processElement("b", 0);
        h.setProcessingTime(1000);
        assertThat(drain(h)).containsExactlyInAnyOrder("@1000 a=2", "@1000 b=1");
        h.setProcessingTime(2000);
        assertThat(drain(h)).as("an empty batch writes nothing").isEmpty();
        h.processElement("a", 0);
        h.setProcessingTime(2500);
        h.processWatermark(new Watermark(Long.MAX_VALUE)); // the input ends mid-batch
        assertThat(drain(h)).as("the last batch, counted on its own").containsExactly("@3000 a=1");
        h.close();
    }

    @Test
    void updateModeEmitsOnlyWhatChangedSinceTheLastTrigger() throws Exception {
        var h = table(OutputMode.update);
        h.processElement("a", 0);
        h.processElement("b", 0);
        h.setProcessingTime(1000);
        assertThat(drain(h)).containsExactlyInAnyOrder("@1000 a=1", "@1000 b=1");
        h.setProcessingTime(2000);
        assertThat(drain(h)).as("nothing changed").isEmpty();
        h.processElement("b", 0);
        h.processElement("b", 0);
        h.setProcessingTime(3000);
        assertThat(drain(h)).containsExactly("@3000 b=3");
        h.close();
    }

    @Test
    void updateModeWithoutATriggerEmitsEveryChangeAtOnce() throws Exception {
        var h = table(OutputMode.update, 0);
        h.setProcessingTime(42);
        h.processElement("a", 0);
        h.processElement("a", 0);
        assertThat(drain(h)).containsExactly("@42 a=1", "@42 a=2");
        h.close();
    }

    @Test
    void completeAndAppendWithoutTriggerAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> table(OutputMode.append, 0))
                .hasMessageContaining("append mode needs a trigger interval above 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> table(OutputMode.complete, 0))
                .hasMessageContaining("complete mode needs a trigger interval above 0");
    }

    @Test
    void theEndOfABoundedInputEmitsTheFinalTable() throws Exception {
        var h = table(OutputMode.update);
        h.processElement("a", 0);
        h.setProcessingTime(1000);
        drain(h);
        h.processElement("b", 0);
        h.setProcessingTime(1500);
        h.processWatermark(
                new Watermark(Long.MAX_VALUE)); // the input ended before the next trigger
        assertThat(drain(h)).as("update: only b changed").containsExactly("@2000 b=1");
        h.close();
    }
}
