package dev.flinkrecipes.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UniqueRowsTest {
    @Test
    void aWindowWrittenTwiceFailsInsteadOfBeingOverwritten() {
        var rows =
                List.of(
                        JsonlFiles.parse("{\"w\":\"10:00\",\"count\":3}"),
                        JsonlFiles.parse("{\"w\":\"10:01\",\"count\":1}"),
                        JsonlFiles.parse("{\"w\":\"10:00\",\"count\":3}"));
        assertThatThrownBy(
                        () ->
                                UniqueRows.byKey(
                                        rows,
                                        r -> r.get("w").asText(),
                                        r -> r.get("count").asLong()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("row for 10:00 written twice");
        assertThat(
                        UniqueRows.byKey(
                                rows.subList(0, 2),
                                r -> r.get("w").asText(),
                                r -> r.get("count").asLong()))
                .containsExactly(Map.entry("10:00", 3L), Map.entry("10:01", 1L));
    }
}
