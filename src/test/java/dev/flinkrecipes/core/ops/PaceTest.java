package dev.flinkrecipes.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PaceTest {
    private static final long MS = 1_000_000;

    @Test
    void recordsGoOnScheduleWaitWhenEarlyAndCatchUpWhenLate() {
        Pace.Schedule s = new Pace.Schedule(100); // one record every 10 ms
        long t0 = 5_000 * MS;
        assertThat(s.next(t0)).as("the first goes at once").isZero();
        assertThat(s.next(t0)).as("the second is due 10 ms later").isEqualTo(10 * MS);
        assertThat(s.next(t0 + 19 * MS + 500_000)).as("less than 1 ms early: goes").isZero();
        // Held up for 100 ms: records 3..12 are all due by then and go at once; the 13th waits.
        for (int i = 3; i <= 12; i++) assertThat(s.next(t0 + 120 * MS)).as("record %d", i).isZero();
        assertThat(s.next(t0 + 120 * MS)).isEqualTo(10 * MS);
    }

    @Test
    void rejectsARateThatIsNotPositive() {
        assertThatThrownBy(() -> new Pace<String>(0)).hasMessageContaining("rate must be above 0");
    }
}
