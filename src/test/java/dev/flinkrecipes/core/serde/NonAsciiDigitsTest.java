package dev.flinkrecipes.core.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkrecipes.transactions.CategoryAnalyticsJob;
import dev.flinkrecipes.transactions.TransactionParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A timestamp written with digits other than ASCII's (Arabic-Indic, Persian, Devanagari, fullwidth:
 * all {@link Character#isDigit}) is no ISO-8601 timestamp: a dead letter with the reason, never a
 * wrong time. Before, such digits in the fraction were read as {@code c - '0'} (U+0661 gave 1584),
 * an event minutes off.
 */
class NonAsciiDigitsTest {
    private static final String ISO = "2024-01-15T10:30:00.123+01:00";

    /**
     * {@link #ISO} with the digit at each position in turn written as {@code zero}'s script's
     * digit.
     */
    private static List<String> variants(char zero) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ISO.length(); i++) {
            char c = ISO.charAt(i);
            if (c >= '0' && c <= '9') {
                out.add(ISO.substring(0, i) + (char) (zero + (c - '0')) + ISO.substring(i + 1));
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(chars = {'\u0660', '\u06F0', '\u0966', '\uFF10'})
    void everyPositionOfEveryScriptIsRejected(char zero) throws Exception {
        assertThat(JsonFields.parseTimestamp("t", ISO))
                .as("the ASCII original parses")
                .isEqualTo(1705311000123L);
        for (String s : variants(zero)) {
            assertThatThrownBy(() -> JsonFields.parseTimestamp("timestamp", s))
                    .as(s)
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessage("timestamp: not an ISO-8601 timestamp: '" + s + "'");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-01-15T10:30:00.\u0661\u0662\u0663Z",
                "2024-01-15T10:30:00.\uFF15Z",
                "2024-01-15 10:30:00.\u0967"
            })
    void aTransactionWithSuchATimestampIsADeadLetter(String timestamp) {
        String json =
                "{\"user_id\":\"u1\",\"amount\":10,\"timestamp\":\""
                        + timestamp
                        + "\",\"category\":\"Books\",\"location\":\"Madrid\"}";
        assertThatThrownBy(
                        () ->
                                TransactionParser.requiring(CategoryAnalyticsJob.REQUIRED)
                                        .parse(json))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("timestamp: not an ISO-8601 timestamp");
    }
}
