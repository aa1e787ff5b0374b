package dev.flinkrecipes.core.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The strict reader: fastjson2 reads, but only what JSON's grammar allows gets through, and every
 * way a record can be wrong has its exact dead-letter reason.
 */
class JsonFieldsTest {

    /** Every field as text (containers left unread, so skipped), in order. */
    private static Map<String, String> scalars(String json) throws InvalidRecordException {
        Map<String, String> fields = new LinkedHashMap<>();
        JsonFields.readObject(
                json,
                (name, value) -> {
                    if (!JsonFields.isObjectOrArray(value))
                        fields.put(name, JsonFields.scalarText(name, value));
                });
        return fields;
    }

    private static String reason(String json) {
        try {
            scalars(json);
        } catch (InvalidRecordException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }

    /**
     * The name guessed at a place (the last one seen there) is taken only when the record's name is
     * exactly it: names of every length around the guess's 8- and 16-byte steps, prefixes and
     * extensions of the guess, one differing in its last byte, and names near the record's end.
     */
    @Test
    void aGuessedNameIsTakenOnlyWhenItIsTheName() throws Exception {
        List<String> written = new ArrayList<>();
        for (int n = 1; n <= 20; n++) {
            String name = "abcdefghijklmnopqrstuvwxyz".substring(0, n);
            written.add(name);
            written.add(name); // the guess now
            written.add(name + "x"); // an extension of the guess
            written.add(name.substring(0, n - 1) + "Z"); // differs in its last byte
            if (n > 1) written.add(name.substring(0, n - 1)); // a prefix of the guess
        }
        for (String name : written) {
            for (String json :
                    List.of(
                            "{\"" + name + "\":1}",
                            "{\"" + name + "\":1,\"padding_padding\":2}",
                            "{\"" + name + "\" : 1}")) {
                for (boolean bytes : new boolean[] {false, true}) {
                    List<String> names = new ArrayList<>();
                    JsonFields.FieldReader reader =
                            (field, value) -> {
                                names.add(field);
                                JsonFields.skip(value);
                            };
                    if (bytes) {
                        JsonFields.readObject(
                                JsonRecord.ofUtf8(json.getBytes(StandardCharsets.UTF_8)), reader);
                    } else {
                        JsonFields.readObject(json, reader);
                    }
                    assertThat(names.get(0)).as(json).isEqualTo(name);
                }
            }
        }
    }

    /**
     * Field names come back as the same String instances as the parsers' case labels (so their
     * switch matches by identity), from the cache or not, and a name that shares a cache slot or is
     * too long to intern still comes back as written.
     */
    @Test
    void fieldNamesAreTheInternedInstancesAndAlwaysAsWritten() throws Exception {
        String longName = "n".repeat(100);
        List<String> names = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            JsonFields.readObject(
                    "{\"user_id\":1,\"Aa\":2,\"BB\":3,\"" + longName + "\":4}",
                    (field, value) -> {
                        names.add(field);
                        JsonFields.skip(value);
                    });
        }
        assertThat(names).hasSize(12);
        for (int k = 0; k < 12; k += 4) {
            assertThat(names.get(k)).isSameAs("user_id");
            // "Aa" and "BB" have the same hash: one cache slot, each must still be itself
            assertThat(names.get(k + 1)).isSameAs("Aa");
            assertThat(names.get(k + 2)).isSameAs("BB");
            assertThat(names.get(k + 3)).isEqualTo(longName);
        }
    }

    @Test
    void readsEveryKindOfScalar() throws Exception {
        assertThat(
                        scalars(
                                "{\"s\":\"text\",\"i\":42,\"d\":-1.5e3,\"t\":true,\"f\":false,\"n\":null}"))
                .containsExactly(
                        entry("s", "text"),
                        entry("i", "42"),
                        entry("d", "-1.5e3"),
                        entry("t", "true"),
                        entry("f", "false"),
                        entry("n", null));
    }

    @Test
    void whitespaceIsAllowedAroundEveryToken() throws Exception {
        assertThat(scalars(" \t\r\n{ \"a\" : 1 ,\n\t\"b\" :\r\n[ 1 , { } ] , \"c\" : \"x\" }\r\n"))
                .containsExactly(entry("a", "1"), entry("c", "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\r\n"})
    void blankIsAnEmptyRecord(String json) {
        assertThat(reason(json)).isEqualTo("empty record");
    }

    @Test
    void nullIsAnEmptyRecord() {
        assertThat(reason(null)).isEqualTo("empty record");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"[1,2]", "[]", "\"text\"", "42", "-1.5", "true", "null", " [{\"a\":1}] "})
    void anotherJsonValueIsNotAnObject(String json) {
        assertThat(reason(json)).isEqualTo("not a JSON object");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{} {}",
                "{\"a\":1} {\"b\":2}",
                "{\"a\":1}[]",
                "{\"a\":1} 2",
                "{\"a\":1} \"x\"",
                "{\"a\":1}null"
            })
    void anotherValueAfterTheObjectIsUnexpectedContent(String json) {
        assertThat(reason(json)).isEqualTo("unexpected content after the JSON object");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                // not JSON at all, or cut short
                "not json                 | invalid JSON: unrecognized token at offset 0",
                "{                        | invalid JSON: unexpected end of input at offset 1",
                "`{\"a\":1`               | invalid JSON: unexpected end of input at offset 6",
                "`{\"a\"`                 | invalid JSON: unexpected end of input at offset 4",
                "`{\"a\":}`               | invalid JSON: expected a value, got '}' at offset 5",
                "`{\"a\":1}}`             | invalid JSON: unexpected character '}' at offset 7",
                "`{\"a\":1} trailing`     | invalid JSON: unrecognized token at offset 8",
                // commas
                "`{\"a\":1,}`             | invalid JSON: trailing comma at offset 6",
                "`{\"a\":[1,2,]}`         | invalid JSON: trailing comma at offset 9",
                "`{,\"a\":1}`             | invalid JSON: expected a field name in double quotes,"
                        + " got ',' at offset 1",
                "`{\"a\":[,1]}`           | invalid JSON: expected a value, got ',' at offset 6",
                "`{\"a\":1,,\"b\":2}`     | invalid JSON: expected a field name in double quotes,"
                        + " got ',' at offset 7",
                "`{\"a\":1 \"b\":2}`      | invalid JSON: expected ',' or '}', got '\"' at offset"
                        + " 7",
                "`{\"a\":[1 2]}`          | invalid JSON: expected ',' or ']', got '2' at offset 8",
                "`{\"a\":{\"b\":1]}`      | invalid JSON: expected ',' or '}', got ']' at offset"
                        + " 11",
                // names and quotes
                "`{'a':1}`                | invalid JSON: expected a field name in double quotes,"
                        + " got ''' at offset 1",
                "`{a:1}`                  | invalid JSON: expected a field name in double quotes,"
                        + " got 'a' at offset 1",
                "`{\"a\" 1}`              | invalid JSON: expected ':' after the field name, got"
                        + " '1' at offset 5",
                "`{\"a\"::1}`             | invalid JSON: expected a value, got ':' at offset 5",
                "`{\"a\":'x'}`            | invalid JSON: expected a value, got ''' at offset 5",
                // comments
                "`{\"a\":1 /*c*/}`        | invalid JSON: expected ',' or '}', got '/' at offset 7",
                "`{/*c*/\"a\":1}`         | invalid JSON: expected a field name in double quotes,"
                        + " got '/' at offset 1",
                "`{\"a\":1} // c`         | invalid JSON: unexpected character '/' at offset 8",
                "`// c\n{\"a\":1}`        | invalid JSON: unexpected character '/' at offset 0",
                // numbers JSON does not have
                "`{\"a\":NaN}`            | invalid JSON: expected a value, got 'N' at offset 5",
                "`{\"a\":Infinity}`       | invalid JSON: expected a value, got 'I' at offset 5",
                "`{\"a\":-Infinity}`      | invalid JSON: malformed number at offset 5",
                "`{\"a\":+1}`             | invalid JSON: expected a value, got '+' at offset 5",
                "`{\"a\":.5}`             | invalid JSON: expected a value, got '.' at offset 5",
                "`{\"a\":01}`             | invalid JSON: leading zero in a number at offset 5",
                "`{\"a\":1.}`             | invalid JSON: malformed number at offset 5",
                "`{\"a\":1e}`             | invalid JSON: malformed number at offset 5",
                "`{\"a\":-}`              | invalid JSON: malformed number at offset 5",
                "`{\"a\":0x1F}`           | invalid JSON: expected ',' or '}', got 'x' at offset 6",
                "`{\"a\":2L}`             | invalid JSON: expected ',' or '}', got 'L' at offset 6",
                // literals
                "`{\"a\":tru}`            | invalid JSON: unrecognized token at offset 5",
                "`{\"a\":True}`           | invalid JSON: expected a value, got 'T' at offset 5",
                "`{\"a\":nulls}`          | invalid JSON: unrecognized token at offset 5",
                "`{\"a\":undefined}`      | invalid JSON: expected a value, got 'u' at offset 5",
                // strings
                "`{\"a\":\"x\\qy\"}`      | invalid JSON: invalid escape in a string at offset 7",
                "`{\"a\":\"x\\x41\"}`     | invalid JSON: invalid escape in a string at offset 7",
                "`{\"a\":\"\\u00zz\"}`    | invalid JSON: malformed \\u escape at offset 6",
                "`{\"a\":\"\\u00e\"}`     | invalid JSON: malformed \\u escape at offset 6",
                "`{\"a\":\"open}`         | invalid JSON: unterminated string at offset 5",
                "`{\"a\\q\":1}`           | invalid JSON: invalid escape in a string at offset 3",
                "`\uFEFF{\"a\":1}`        | invalid JSON: unexpected character U+FEFF at offset 0",
            })
    void malformedJsonIsInvalidWithWhereAndWhy(String json, String reason) {
        assertThat(reason(json)).isEqualTo(reason);
    }

    /**
     * Binary input as it comes from Kafka: the reason names the byte, not the U+FFFD that bytes
     * which are not UTF-8 decode to, nor a control character's code point.
     */
    @Test
    void binaryInputNamesTheRealByte() {
        assertThat(bytesReason(new byte[] {0x01, 0x01, 0x01}))
                .isEqualTo("invalid JSON: unexpected byte 0x01 at offset 0");
        assertThat(bytesReason(new byte[] {(byte) 0xFF, 0x00, 0x10}))
                .isEqualTo("invalid JSON: unexpected byte 0xFF at offset 0 (not UTF-8)");
        assertThat(bytesReason(new byte[] {'{', '"', 'a', '"', ':', (byte) 0xC3, '}'}))
                .isEqualTo("invalid JSON: unexpected byte 0xC3 at offset 5 (not UTF-8)");
        // A genuine U+FFFD (valid UTF-8) is still named as the character it is.
        assertThat(bytesReason("\uFFFD{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("invalid JSON: unexpected character U+FFFD at offset 0");
    }

    private static String bytesReason(byte[] bytes) {
        try {
            JsonFields.readObject(JsonRecord.ofUtf8(bytes), (field, value) -> {});
        } catch (InvalidRecordException e) {
            return e.getMessage();
        }
        throw new AssertionError("read as valid: " + Arrays.toString(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\t", "\n", "\r", "\u0000", "\u001f"})
    void rawControlCharactersInStringsAreInvalid(String control) {
        assertThat(reason("{\"a\":\"x" + control + "y\"}"))
                .isEqualTo("invalid JSON: unescaped control character in a string at offset 7");
        assertThat(reason("{\"a" + control + "\":1}"))
                .isEqualTo("invalid JSON: unescaped control character in a string at offset 3");
    }

    @Test
    void nestingIsLimitedTo64Levels() throws Exception {
        String deepest = "{\"a\":" + "[".repeat(63) + "]".repeat(63) + "}";
        assertThat(scalars(deepest)).isEmpty();
        String tooDeep = "{\"a\":" + "[".repeat(64) + "]".repeat(64) + "}";
        assertThat(reason(tooDeep))
                .isEqualTo("invalid JSON: nested deeper than 64 levels at offset 68");
    }

    @Test
    void decodesEscapesAndUnicode() throws Exception {
        assertThat(
                        scalars(
                                "{\"s\":\"a\\\"b\\\\c\\/d\\b\\f\\n"
                                    + "\\r"
                                    + "\\t\",\"u\":\"caf\\u00e9 \\u4e2d"
                                    + " \\ud83d\\ude00\",\"raw\":\"café 中文 😀\",\"k\\u0065y\":1}"))
                .containsExactly(
                        entry("s", "a\"b\\c/d\b\f\n\r\t"),
                        entry("u", "café 中 😀"),
                        entry("raw", "café 中文 😀"),
                        entry("key", "1"));
    }

    @Test
    void readsLargeNegativeAndExponentNumbers() throws Exception {
        List<Double> numbers = new ArrayList<>();
        JsonFields.readObject(
                "{\"a\":-12.5,\"b\":1.5e3,\"c\":1E-3,\"d\":123456789012345678901234567890,\"e\":-0.0,\"f\":-0,"
                    + "\"g\":2.5e+10,\"h\":-1e-400,\"i\":1e0000000002,\"j\":9007199254740993,\"k\":0.1}",
                (name, value) -> numbers.add(JsonFields.number(name, value)));
        assertThat(numbers)
                .containsExactly(
                        -12.5,
                        1500.0,
                        0.001,
                        1.2345678901234568E29,
                        -0.0,
                        0.0,
                        2.5e10,
                        -0.0,
                        100.0,
                        9.007199254740992E15,
                        0.1);
        assertThat(1 / numbers.get(4)).as("-0.0 keeps its sign").isNegative();
        assertThat(1 / numbers.get(5)).as("the integer -0 is 0").isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e400", "-1e400", "1e99999", "123456789012345678901234567890e300"})
    void aNumberBeyondTheDoubleRangeIsNotFinite(String number) {
        assertThatThrownBy(
                        () ->
                                JsonFields.readObject(
                                        "{\"x\":" + number + "}",
                                        (name, value) -> JsonFields.number(name, value)))
                .hasMessage("x: not a finite number");
    }

    @Test
    void wholeNumbersCoverTheLongRange() throws Exception {
        List<Long> numbers = new ArrayList<>();
        JsonFields.readObject(
                "{\"max\":9223372036854775807,\"min\":-9223372036854775808,\"zero\":0,\"ms\":1705314600000}",
                (name, value) -> numbers.add(JsonFields.integer(name, value)));
        assertThat(numbers).containsExactly(Long.MAX_VALUE, Long.MIN_VALUE, 0L, 1705314600000L);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "`\"12\"`                 | n: expected a whole number, got a string",
                "1.5                      | n: expected a whole number, got a number",
                "1e3                      | n: expected a whole number, got a number",
                "true                     | n: expected a whole number, got a boolean",
                "null                     | n: expected a whole number, got null",
                "9223372036854775808      | n: 9223372036854775808 is out of the 64-bit integer"
                        + " range",
                "-9223372036854775809     | n: -9223372036854775809 is out of the 64-bit integer"
                        + " range",
            })
    void aWholeNumberIsExactlyThat(String value, String reason) {
        assertThatThrownBy(
                        () ->
                                JsonFields.readObject(
                                        "{\"n\":" + value + "}",
                                        (name, v) -> JsonFields.integer(name, v)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage(reason);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "`\"12.5\"`     | amount: expected a number, got a string",
                "true           | amount: expected a number, got a boolean",
                "false          | amount: expected a number, got a boolean",
                "null           | amount: expected a number, got null",
                "`{\"v\":1}`    | amount: expected a number, got an object",
                "`[1]`          | amount: expected a number, got an array",
            })
    void aNumberIsNeverQuotedNorAnythingElse(String value, String reason) {
        assertThatThrownBy(
                        () ->
                                JsonFields.readObject(
                                        "{\"amount\":" + value + "}",
                                        (name, v) -> JsonFields.number(name, v)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage(reason);
    }

    /**
     * As Spark 4.2's from_json reads a number into a StringType field: whole numbers as their
     * value, others through a double (Spark reads from_json's input through a Reader, so Jackson
     * writes the number again).
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "42                         | 42",
                "-7                         | -7",
                "-0                         | 0",
                "42.0                       | 42.0",
                "1e3                        | 1000.0",
                "1.50                       | 1.5",
                "1.5E-3                     | 0.0015",
                "-0.0                       | -0.0",
                "123456789012345678901234567890 | 123456789012345678901234567890",
                "9007199254740993.0         | 9.007199254740992E15",
                "`\"user_42\"`            | user_42",
                "`\"\"`                   | ``",
            })
    void aNumberWhereAStringIsExpectedIsItsTextAsSparkGivesIt(String value, String text)
            throws Exception {
        assertThat(readString(value)).isEqualTo(text);
    }

    private static String readString(String value) throws InvalidRecordException {
        String[] read = {null};
        JsonFields.readObject(
                "{\"user_id\":" + value + "}", (name, v) -> read[0] = JsonFields.string(name, v));
        return read[0];
    }

    /**
     * Spark's own mechanism, run here: Jackson's copyCurrentStructure of the number read through a
     * Reader.
     */
    private static String asSpark(String number) throws Exception {
        com.fasterxml.jackson.core.JsonFactory f = new com.fasterxml.jackson.core.JsonFactory();
        String json = "{\"v\":" + number + "}";
        try (com.fasterxml.jackson.core.JsonParser p =
                f.createParser(new java.io.StringReader(json))) {
            p.nextToken();
            p.nextToken();
            p.nextToken();
            java.io.StringWriter out = new java.io.StringWriter();
            try (com.fasterxml.jackson.core.JsonGenerator g = f.createGenerator(out)) {
                g.copyCurrentStructure(p);
            }
            return out.toString();
        }
    }

    @Test
    void numbersAsTextAgreeWithJacksonsRenderingAsSparkUsesIt() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        List<String> numbers =
                new ArrayList<>(
                        List.of(
                                "0",
                                "-0",
                                "7",
                                "-12",
                                "2147483648",
                                "9223372036854775807",
                                "9223372036854775808",
                                "-99999999999999999999",
                                "0.1",
                                "1E2",
                                "1e-7",
                                "5e-324",
                                "1.7976931348623157e308",
                                "123.456000",
                                "-1.0e+10"));
        for (int i = 0; i < 20_000; i++) {
            numbers.add(Long.toString(r.nextLong()));
            numbers.add(
                    Double.toString(Double.longBitsToDouble(r.nextLong() & 0x7FEFFFFFFFFFFFFFL))
                            .replace("Infinity", "1"));
            numbers.add(
                    r.nextInt(100_000)
                            + "."
                            + r.nextInt(1000)
                            + (i % 3 == 0 ? "e" + (r.nextInt(40) - 20) : ""));
        }
        for (String n : numbers) {
            assertThat(readString(n)).as(n).isEqualTo(asSpark(n));
        }
    }

    @Test
    void aNumberBeyondTheDoubleRangeIsNoString() {
        assertThatThrownBy(() -> readString("1e400"))
                .hasMessage("user_id: a number beyond the double range");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "true           | user_id: expected a string, got a boolean",
                "`{}`           | user_id: expected a string, got an object",
                "`[]`           | user_id: expected a string, got an array",
            })
    void aStringIsAString(String value, String reason) {
        assertThatThrownBy(
                        () ->
                                JsonFields.readObject(
                                        "{\"user_id\":" + value + "}",
                                        (name, v) -> JsonFields.string(name, v)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage(reason);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "`\"2024-01-15T10:30:00Z\"`      | 2024-01-15T10:30:00Z",
                "`\"2024-01-15T11:30:00+01:00\"` | 2024-01-15T10:30:00Z",
                "`\"2024-01-15T10:30:00.5\"`     | 2024-01-15T10:30:00.500Z",
                "`\"2024-01-15 10:30:00\"`       | 2024-01-15T10:30:00Z",
                "1705314600                      | 2024-01-15T10:30:00Z",
                "0                               | 1970-01-01T00:00:00Z",
                "-1                              | 1969-12-31T23:59:59Z",
                "-62135596800                    | 0001-01-01T00:00:00Z",
                "253402300799                    | 9999-12-31T23:59:59Z",
            })
    void aTimestampIsAnIsoStringOrWholeEpochSeconds(String value, String instant) throws Exception {
        long[] read = {0};
        JsonFields.readObject(
                "{\"timestamp\":" + value + "}",
                (name, v) -> read[0] = JsonFields.timestamp(name, v));
        assertThat(java.time.Instant.ofEpochMilli(read[0]))
                .isEqualTo(java.time.Instant.parse(instant));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "1705314600.5        | timestamp: epoch seconds must be a whole number, got"
                        + " 1705314600.5",
                "1.7e9               | timestamp: epoch seconds must be a whole number, got 1.7e9",
                "253402300800        | timestamp: 253402300800 is outside the years 0001 to 9999",
                "-62135596801        | timestamp: -62135596801 is outside the years 0001 to 9999",
                "9223372036854775808 | timestamp: 9223372036854775808 is outside the years 0001 to"
                        + " 9999",
                "true                | timestamp: expected an ISO-8601 string or epoch seconds, got"
                        + " a boolean",
                "`{}`                | timestamp: expected an ISO-8601 string or epoch seconds, got"
                        + " an object",
                "null                | missing field timestamp",
                "`\"\"`              | timestamp: not an ISO-8601 timestamp: ''",
                "`\"1705314600\"`    | timestamp: not an ISO-8601 timestamp: '1705314600'",
            })
    void otherTimestampsAreRefusedWithTheReason(String value, String reason) {
        assertThatThrownBy(
                        () ->
                                JsonFields.readObject(
                                        "{\"timestamp\":" + value + "}",
                                        (name, v) -> JsonFields.timestamp(name, v)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage(reason);
    }

    @Test
    void nullStringIsNullForTheRequiredFieldCheck() throws Exception {
        String[] read = {"unset"};
        JsonFields.readObject(
                "{\"s\":null}", (name, value) -> read[0] = JsonFields.string(name, value));
        assertThat(read[0]).isNull();
    }

    @Test
    void scalarTextKeepsNumbersAsWrittenAndRejectsContainers() throws Exception {
        assertThat(scalars("{\"a\":5000.00,\"b\":1e5,\"c\":-0}"))
                .containsExactly(entry("a", "5000.00"), entry("b", "1e5"), entry("c", "-0"));
        assertThatThrownBy(
                        () ->
                                JsonFields.readObject(
                                        "{\"v\":{\"x\":1}}",
                                        (name, value) -> JsonFields.scalarText(name, value)))
                .hasMessage("v: expected a string, got an object");
        assertThatThrownBy(
                        () ->
                                JsonFields.readObject(
                                        "{\"v\":[1]}",
                                        (name, value) -> JsonFields.scalarText(name, value)))
                .hasMessage("v: expected a string, got an array");
    }

    @Test
    void readsNestedObjects() throws Exception {
        Map<String, String> read = new LinkedHashMap<>();
        JsonFields.readObject(
                "{\"id\":\"x\",\"address\":{\"city\":\"Pune\",\"geo\":{\"lat\":18.5,\"tags\":[1,{\"a\":null}]},"
                    + "\"pin\":\"411001\"},\"after\":true}",
                (name, value) -> {
                    if (name.equals("address")) {
                        JsonFields.nestedObject(
                                name,
                                value,
                                (f, v) -> {
                                    if (!f.equals("geo"))
                                        read.put("address." + f, JsonFields.string(f, v));
                                });
                    } else {
                        read.put(name, JsonFields.scalarText(name, value));
                    }
                });
        assertThat(read)
                .containsExactly(
                        entry("id", "x"),
                        entry("address.city", "Pune"),
                        entry("address.pin", "411001"),
                        entry("after", "true"));
    }

    @Test
    void aNestedObjectMustBeAnObject() {
        assertThatThrownBy(
                        () ->
                                JsonFields.readObject(
                                        "{\"address\":\"Pune\"}",
                                        (name, value) ->
                                                JsonFields.nestedObject(name, value, (f, v) -> {})))
                .hasMessage("address: expected an object, got a string");
    }

    @Test
    void readsArraysOfObjects() throws Exception {
        List<String> items = new ArrayList<>();
        JsonFields.readObject(
                "{\"items\":[{\"code\":\"A\",\"qty\":2},{\"qty\":1,\"code\":\"B\",\"extra\":[{}]}],\"n\":2}",
                (name, value) -> {
                    if (name.equals("items")) {
                        JsonFields.arrayOfObjects(
                                name,
                                value,
                                (i, element) ->
                                        JsonFields.nestedObject(
                                                "items[" + i + "]",
                                                element,
                                                (f, v) -> {
                                                    if (!f.equals("extra"))
                                                        items.add(
                                                                i
                                                                        + "."
                                                                        + f
                                                                        + "="
                                                                        + JsonFields.scalarText(
                                                                                f, v));
                                                }));
                    }
                });
        assertThat(items).containsExactly("0.code=A", "0.qty=2", "1.qty=1", "1.code=B");
    }

    @Test
    void arrayElementsAndTheArrayItselfAreTypeChecked() throws Exception {
        List<Integer> seen = new ArrayList<>();
        JsonFields.readObject(
                "{\"items\":[]}",
                (name, value) -> JsonFields.arrayOfObjects(name, value, (i, e) -> seen.add(i)));
        assertThat(seen).isEmpty();
        assertThatThrownBy(
                        () ->
                                JsonFields.readObject(
                                        "{\"items\":{}}",
                                        (name, value) ->
                                                JsonFields.arrayOfObjects(
                                                        name, value, (i, e) -> {})))
                .hasMessage("items: expected an array, got an object");
        assertThatThrownBy(
                        () ->
                                JsonFields.readObject(
                                        "{\"items\":[{},3]}",
                                        (name, value) ->
                                                JsonFields.arrayOfObjects(
                                                        name,
                                                        value,
                                                        (i, e) ->
                                                                JsonFields.nestedObject(
                                                                        "items[" + i + "]",
                                                                        e,
                                                                        (f, v) -> {}))))
                .hasMessage("items[1]: expected an object, got a number");
    }

    @Test
    void aRepeatedFieldIsHandedOverAgainSoTheLastWins() throws Exception {
        assertThat(scalars("{\"a\":1,\"a\":2}")).containsExactly(entry("a", "2"));
    }

    @Test
    void aValueTheCallbackLeavesUnreadIsSkipped() throws Exception {
        List<String> names = new ArrayList<>();
        JsonFields.readObject(
                "{\"s\":\"x\",\"o\":{\"deep\":[1,{\"z\":null}]},\"a\":[[],{}],\"n\":1,\"last\":\"y\"}",
                (name, value) -> {
                    names.add(name);
                    if (name.equals("last"))
                        assertThat(JsonFields.string(name, value)).isEqualTo("y");
                });
        assertThat(names).containsExactly("s", "o", "a", "n", "last");
    }

    @Test
    void isNullAndIsObjectOrArrayLeaveTheValueUnread() throws Exception {
        List<String> read = new ArrayList<>();
        JsonFields.readObject(
                "{\"a\":null,\"b\":{\"c\":1},\"d\":\"x\"}",
                (name, value) -> {
                    if (!JsonFields.isNull(value) && !JsonFields.isObjectOrArray(value))
                        read.add(JsonFields.string(name, value));
                    else read.add(JsonFields.isNull(value) ? "null" : "container");
                });
        assertThat(read).containsExactly("null", "container", "x");
    }

    @Test
    void readingAValueTwiceIsABug() {
        assertThatThrownBy(
                        () ->
                                JsonFields.readObject(
                                        "{\"a\":\"x\"}",
                                        (name, value) -> {
                                            JsonFields.string(name, value);
                                            JsonFields.string(name, value);
                                        }))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(
                        () ->
                                JsonFields.readObject(
                                        "{\"a\":{\"b\":1}}",
                                        (name, value) -> {
                                            JsonFields.nestedObject(name, value, (f, v) -> {});
                                            JsonFields.isNull(value);
                                        }))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSyntaxErrorWinsOverAFieldError() {
        // the record is checked whole before any field is read
        assertThatThrownBy(
                        () ->
                                JsonFields.readObject(
                                        "{\"amount\":\"12\",\"b\":}",
                                        (name, value) -> JsonFields.number(name, value)))
                .hasMessage("invalid JSON: expected a value, got '}' at offset 19");
    }
}
