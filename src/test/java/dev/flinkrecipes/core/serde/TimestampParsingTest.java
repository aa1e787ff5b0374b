package dev.flinkrecipes.core.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written ISO-8601 fast path agrees with java.time on every shape it takes, and leaves the
 * rest.
 */
class TimestampParsingTest {

    /** The date arithmetic agrees with java.time on every day of the years 0 to 9999. */
    @Test
    void epochDayAndMonthLengthsAgreeWithJavaTimeOnEveryDay() {
        for (int year = 0; year <= 9999; year++) {
            for (int month = 1; month <= 12; month++) {
                int length = java.time.YearMonth.of(year, month).lengthOfMonth();
                String prefix =
                        ("000" + year).substring(String.valueOf(year).length() - 1)
                                + (month < 10 ? "-0" : "-")
                                + month
                                + "-";
                assertThat(JsonFields.fastIso(prefix + length + "T00:00:00Z"))
                        .as(prefix + length)
                        .isEqualTo(
                                java.time.LocalDate.of(year, month, length).toEpochDay()
                                        * 86_400_000L);
                assertThat(JsonFields.fastIso(prefix + (length + 1) + "T00:00:00Z"))
                        .as(prefix + (length + 1))
                        .isEqualTo(Long.MIN_VALUE);
                for (int day = 1; day <= length; day++) {
                    long expected = java.time.LocalDate.of(year, month, day).toEpochDay();
                    if (JsonFields.epochDay(year, month, day) != expected) {
                        assertThat(JsonFields.epochDay(year, month, day))
                                .as("%04d-%02d-%02d", year, month, day)
                                .isEqualTo(expected);
                    }
                }
            }
        }
    }

    private static long javaTime(String s) {
        String iso = s.replace(' ', 'T');
        if (iso.endsWith("Z") || iso.endsWith("z"))
            return Instant.parse(iso.substring(0, iso.length() - 1) + "Z").toEpochMilli();
        int t = iso.indexOf('T');
        if (iso.indexOf('+', t) > 0 || iso.indexOf('-', t) > 0)
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-01-15T10:30:00Z", "2024-01-15T10:30:00.1Z", "2024-01-15T10:30:00.12Z",
                        "2024-01-15T10:30:00.123Z",
                "2024-01-15T10:30:00.123456Z", "2024-01-15T10:30:00.123456789Z",
                        "2024-01-15T10:30:00", "2024-01-15 10:30:00.5",
                "2024-02-29T23:59:59+01:00", "1969-12-31T23:59:59.999Z",
                        "2024-01-15T10:30:00-05:30", "2024-01-15T10:30:00z",
                "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"
            })
    void agreesWithJavaTime(String s) throws Exception {
        assertThat(JsonFields.fastIso(s)).isNotEqualTo(Long.MIN_VALUE);
        assertThat(JsonFields.parseTimestamp("t", s)).isEqualTo(javaTime(s));
    }

    @Test
    void agreesWithJavaTimeOnRandomInstants() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochMilli(r.nextLong(-5_000_000_000_000L, 5_000_000_000_000L));
            assertThat(JsonFields.parseTimestamp("t", t.toString())).isEqualTo(t.toEpochMilli());
        }
    }

    /**
     * java.time's own leniencies (24:00 as the next midnight, a bare decimal point) stay
     * java.time's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"2024-01-15T24:00:00Z", "2024-01-15T10:30:00.Z"})
    void javaTimesLeniencyIsKept(String s) throws Exception {
        assertThat(JsonFields.fastIso(s)).isEqualTo(Long.MIN_VALUE);
        assertThat(JsonFields.parseTimestamp("t", s)).isEqualTo(javaTime(s));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-02-30T10:00:00Z",
                "2023-02-29T10:00:00Z",
                "2024-13-01T10:00:00Z",
                "2024-01-15T10:60:00Z",
                "2024-01-15T10:30:00+0100",
                "2024-01-15T10:30:00ZZ",
                "yesterday",
                "2024-01-15",
                "2024-1-15T10:30:00Z"
            })
    void badOrUnusualShapesAreLeftToJavaTimeWhichRejectsTheBadOnes(String s) {
        assertThat(JsonFields.fastIso(s)).isEqualTo(Long.MIN_VALUE);
        if (!s.equals("2024-01-15T10:30:00+0100")) {
            assertThatThrownBy(() -> JsonFields.parseTimestamp("t", s))
                    .isInstanceOf(InvalidRecordException.class);
        }
    }
}
