package dev.flinkrecipes.core.serde;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * java.time reads years up to a billion; a timestamp before year 1 or after 9999 is a dead letter,
 * not an event time that moves the watermark past every other event (nor a value a database
 * refuses). Before, these parsed, and the last two failed with an ArithmeticException (a "parser
 * error").
 */
class TimestampRangeTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "+10000-01-01T00:00:00Z",
                "+292278994-08-17T07:12:55Z",
                "-0001-12-31T23:59:59Z",
                "+1000000-06-01T00:00:00+01:00",
                "+300000000-01-01T00:00:00Z",
                "-300000000-01-01T00:00:00Z"
            })
    void outsideTheYearsOneTo9999IsADeadLetter(String s) {
        assertThatThrownBy(() -> JsonFields.parseTimestamp("timestamp", s))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("timestamp: ");
    }
}
