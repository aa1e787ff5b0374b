package dev.flinkrecipes.core.ops;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Chaos testing ({@code --inject-failure-after N}): the first attempt of each parallel instance
 * throws once it has passed N records and seen a checkpoint complete, so the restart really
 * restores state and replays input. Later attempts pass everything through.
 */
public final class FailureInjector<T> extends RichMapFunction<T, T> implements CheckpointListener {
    /** Failures thrown in this JVM; tests on a MiniCluster read it. */
    public static final AtomicInteger FAILURES = new AtomicInteger();

    private final long afterRecords;
    private transient long seen;
    private transient boolean checkpointed;
    private transient boolean armed;

    public FailureInjector(long afterRecords) {
        this.afterRecords = afterRecords;
    }

    @Override
    public void open(OpenContext context) {
        armed = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointed = true;
    }

    @Override
    public T map(T value) {
        if (armed && ++seen > afterRecords && checkpointed) {
            armed = false;
            FAILURES.incrementAndGet();
            throw new IllegalStateException(
                    "Injected failure after " + afterRecords + " records (--inject-failure-after)");
        }
        return value;
    }
}
