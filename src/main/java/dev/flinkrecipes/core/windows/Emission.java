package dev.flinkrecipes.core.windows;

import dev.flinkrecipes.core.options.OutputMode;
import java.io.Serializable;
import java.time.Duration;

/**
 * When an aggregation writes its rows: Spark's output mode and processing-time trigger. Triggers
 * are aligned to multiples of the interval (as Spark's are to the query start), so every key and
 * parallel instance emits at the same moments: one trigger's rows are one batch.
 */
public record Emission(OutputMode mode, long triggerMillis) implements Serializable {
    /** Final rows only, no trigger. */
    public static final Emission APPEND = new Emission(OutputMode.append, 0);

    public Emission {
        if (mode != OutputMode.append && triggerMillis <= 0) {
            throw new IllegalArgumentException(mode + " mode needs a trigger interval above 0");
        }
    }

    public static Emission of(OutputMode mode, Duration trigger) {
        return mode == OutputMode.append ? APPEND : new Emission(mode, trigger.toMillis());
    }

    /** Rows before the final one: update or complete mode. */
    public boolean early() {
        return mode != OutputMode.append;
    }

    /** The first trigger time after {@code now}. */
    public long nextTrigger(long now) {
        return (now / triggerMillis + 1) * triggerMillis;
    }
}
