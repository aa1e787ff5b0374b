package dev.flinkrecipes.core.windows;

/**
 * Spark runs no micro-batch without new data, so its complete mode never rewrites an unchanged
 * table. A keyed function's timers fire key by key; this tells, for the round of timers of one
 * trigger time, whether this parallel instance received input since the round before. Not state:
 * after a restore the first round writes only once new input came, as Spark's first batch after a
 * restart does. Per instance: at parallelism 1 Spark's rule exactly; above it, an instance that got
 * nothing stays quiet while the others write.
 */
public final class TriggerRounds {
    private boolean inputSinceRound;
    private long round = Long.MIN_VALUE;
    private boolean roundWrites;

    /** A record arrived. */
    public void input() {
        inputSinceRound = true;
    }

    /** Whether the round of timers at {@code triggerTime} writes; the first key's call decides. */
    public boolean writes(long triggerTime) {
        if (triggerTime != round) {
            round = triggerTime;
            roundWrites = inputSinceRound;
            inputSinceRound = false;
        }
        return roundWrites;
    }
}
