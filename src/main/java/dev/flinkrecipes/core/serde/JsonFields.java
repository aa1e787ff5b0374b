package dev.flinkrecipes.core.serde;

import dev.flinkrecipes.core.serde.JsonValue.Kind;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Strict, allocation-light reading of one flat JSON object in one pass ({@link JsonCursor}, which
 * checks JSON's grammar as it reads): each domain parser walks the fields it knows, and every type
 * mismatch becomes a precise dead-letter reason ({@code amount: expected a number, got a string})
 * instead of a silent default.
 */
public final class JsonFields {

    /**
     * Receives each field of an object with its value, valid during the call only. Reading the
     * value twice is a bug (IllegalStateException); a value left unread is skipped.
     */
    @FunctionalInterface
    public interface FieldReader {
        void field(String name, JsonValue value) throws InvalidRecordException;
    }

    /** Receives each element of an array, under the same rules as {@link FieldReader}. */
    @FunctionalInterface
    public interface ElementReader {
        void element(int index, JsonValue value) throws InvalidRecordException;
    }

    /**
     * The longest record read, in characters: far above any genuine record here (they are under a
     * few KB), and low enough that what a job writes from one record (its fields, up to 6 bytes
     * each once escaped in JSON, in a result, a Kafka key, a late event or a join of two) stays
     * below Kafka's 1 MiB message limit. A 600 KB location made a window result plus its key over 1
     * MiB: the sink failed, the job restarted onto it forever.
     */
    public static final int MAX_RECORD_CHARS = 64 * 1024;

    private JsonFields() {}

    /**
     * Reads one JSON object, handing each field to {@code reader}; a repeated field is handed over
     * again.
     */
    public static void readObject(JsonRecord record, FieldReader reader)
            throws InvalidRecordException {
        byte[] utf8 = record.utf8;
        if (utf8 == null) {
            readObject(record.text, reader);
            return;
        }
        try {
            if (utf8.length > MAX_RECORD_CHARS || !startsAnObject(utf8)) {
                // too large, blank or not an object (rare): as text, for the same reason in words
                readObject(new String(utf8, StandardCharsets.UTF_8), reader);
            } else {
                JsonCursor.readRecord(utf8, reader);
            }
        } catch (InvalidRecordException e) {
            // Bytes that are not UTF-8 were read as U+FFFD: name the byte instead, where it is.
            if (e.getMessage().startsWith(INVALID_JSON)) {
                int bad = firstNonUtf8Byte(utf8);
                if (bad >= 0)
                    throw new InvalidRecordException(
                            String.format(
                                    "%sunexpected byte 0x%02X at offset %d (not UTF-8)",
                                    INVALID_JSON, utf8[bad] & 0xFF, bad));
            }
            throw e;
        }
    }

    private static final String INVALID_JSON = "invalid JSON: ";

    /** The offset of the first byte of {@code bytes} that does not decode as UTF-8, or -1. */
    static int firstNonUtf8Byte(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(in, CharBuffer.allocate(bytes.length), true);
        return result.isError() ? in.position() : -1;
    }

    /** True if the first byte after JSON whitespace is '{'. */
    private static boolean startsAnObject(byte[] utf8) {
        for (byte b : utf8) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') return b == '{';
        }
        return false;
    }

    /** Reads one JSON object from its text, as {@link #readObject(JsonRecord, FieldReader)}. */
    public static void readObject(String text, FieldReader reader) throws InvalidRecordException {
        if (text != null && text.length() > MAX_RECORD_CHARS) {
            throw tooLarge(text);
        }
        if (text == null || text.isBlank()) {
            throw new InvalidRecordException("empty record");
        }
        JsonValue.readRecord(text, reader);
    }

    /** Reads a nested object, handing each field to {@code reader}. */
    public static void nestedObject(String field, JsonValue value, FieldReader reader)
            throws InvalidRecordException {
        Kind k = value.kind();
        if (k != Kind.OBJECT) throw wrongType(field, "an object", k);
        value.readMembers(reader);
    }

    /**
     * Reads an array (of objects, for {@code reader} to check), one {@code reader} call per
     * element.
     */
    public static void arrayOfObjects(String field, JsonValue value, ElementReader reader)
            throws InvalidRecordException {
        Kind k = value.kind();
        if (k != Kind.ARRAY) throw wrongType(field, "an array", k);
        value.readElements(reader);
    }

    /** Skips a value the parser does not need (an object or array whole). */
    public static void skip(JsonValue value) {
        value.skip();
    }

    /** True if the value is JSON null; does not read it. */
    public static boolean isNull(JsonValue value) {
        return value.kind() == Kind.NULL;
    }

    /** True if the value is an object or an array; does not read it. */
    public static boolean isObjectOrArray(JsonValue value) {
        Kind k = value.kind();
        return k == Kind.OBJECT || k == Kind.ARRAY;
    }

    /** A whole number (e.g. epoch milliseconds or a quantity); a decimal is a wrong type. */
    public static long integer(String field, JsonValue value) throws InvalidRecordException {
        Kind k = value.kind();
        if (k != Kind.NUMBER || !value.isWholeNumber()) throw wrongType(field, "a whole number", k);
        if (!value.fitsInLong())
            throw new InvalidRecordException(
                    field + ": " + value.token() + " is out of the 64-bit integer range");
        return value.longValue();
    }

    /**
     * A string value, or a number as the text Spark's {@code from_json} gives a number in a
     * StringType field ({@code 42} is "42", as Spark's rate-source example sends a user id; {@code
     * 42.0} "42.0", {@code 1e3} "1000.0": see {@link JsonValue#numberAsSparkText}). JSON null gives
     * null (the caller's required-field check reports it). A boolean, object or array is a wrong
     * type: Spark would take their JSON text too, but no document sends one, and for an id or a key
     * it is a broken record.
     */
    public static String string(String field, JsonValue value) throws InvalidRecordException {
        return string(field, value, false);
    }

    /**
     * {@link #string} for a field of few distinct values (a category, a city, a merchant): a string
     * that repeats comes back as the same instance, not a new copy, so the keys and sets built from
     * it downstream hash it once (its hash is kept in the instance) and compare it by identity.
     */
    public static String repeatedString(String field, JsonValue value)
            throws InvalidRecordException {
        return string(field, value, true);
    }

    private static String string(String field, JsonValue value, boolean repeated)
            throws InvalidRecordException {
        Kind k = value.kind();
        if (k == Kind.NULL) {
            value.skip();
            return null;
        }
        if (k == Kind.NUMBER) {
            String text = value.numberAsSparkText();
            if (text == null)
                throw new InvalidRecordException(field + ": a number beyond the double range");
            return text;
        }
        if (k != Kind.STRING) throw wrongType(field, "a string", k);
        return repeated ? value.repeatedStringValue() : value.stringValue();
    }

    /**
     * A string, number or boolean as text: a string's content, a number or boolean as written; JSON
     * null gives null; an object or array is a wrong type (the text was expected to be a string).
     */
    public static String scalarText(String field, JsonValue value) throws InvalidRecordException {
        Kind k = value.kind();
        if (k == Kind.NULL) {
            value.skip();
            return null;
        }
        if (k == Kind.OBJECT || k == Kind.ARRAY) throw wrongType(field, "a string", k);
        return value.scalarText();
    }

    /** A finite number (integer or decimal); a quoted number is a wrong type, not a number. */
    public static double number(String field, JsonValue value) throws InvalidRecordException {
        Kind k = value.kind();
        if (k != Kind.NUMBER) throw wrongType(field, "a number", k);
        double v = value.doubleValue();
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new InvalidRecordException(field + ": not a finite number");
        }
        return v;
    }

    /**
     * A timestamp as epoch milliseconds, in the two forms Spark's {@code from_json} reads into a
     * TimestampType: an ISO-8601 string (see {@link #parseTimestamp}) or a JSON whole number, read
     * as epoch seconds. A number with a fraction or an exponent ({@code 1.7e9}) is refused, as
     * Spark refuses it; JSON null is missing.
     */
    public static long timestamp(String field, JsonValue value) throws InvalidRecordException {
        Kind k = value.kind();
        if (k == Kind.NUMBER) {
            if (!value.isWholeNumber()) {
                throw new InvalidRecordException(
                        field + ": epoch seconds must be a whole number, got " + value.token());
            }
            String token = value.token();
            long seconds;
            try {
                seconds = Long.parseLong(token);
            } catch (NumberFormatException e) {
                throw outsideYears(field, token);
            }
            value.skip();
            if (seconds < MIN_TIMESTAMP / 1000 || seconds > MAX_TIMESTAMP / 1000)
                throw outsideYears(field, token);
            return seconds * 1000;
        }
        if (k == Kind.NULL) {
            value.skip();
            throw missing(field);
        }
        if (k != Kind.STRING) throw wrongType(field, "an ISO-8601 string or epoch seconds", k);
        long fast = value.isoMillis(); // the common shape, read in place; else unread
        if (fast != Long.MIN_VALUE) return fast;
        return parseTimestamp(field, value.stringValue());
    }

    /**
     * ISO-8601 with an offset ({@code 2024-01-15T10:30:00Z}, {@code +01:00}) or without one, which
     * is read as UTC (Python's {@code datetime.isoformat()} writes none); a space may stand for the
     * 'T'.
     */
    public static long parseTimestamp(String field, String s) throws InvalidRecordException {
        long fast = fastIso(s);
        if (fast != Long.MIN_VALUE) return fast;
        long millis = parseIso(field, s);
        // java.time takes years up to a billion; past 9999 (or before year 1) is no event time but
        // a broken record:
        // it would move the watermark past every other event, and a database (PostgreSQL) would
        // refuse it.
        if (millis < MIN_TIMESTAMP || millis > MAX_TIMESTAMP)
            throw outsideYears(field, "'" + s + "'");
        return millis;
    }

    private static InvalidRecordException outsideYears(String field, String shown) {
        return new InvalidRecordException(
                field + ": " + shown + " is outside the years 0001 to 9999");
    }

    private static final long MIN_TIMESTAMP = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
    private static final long MAX_TIMESTAMP =
            Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    private static long parseIso(String field, String s) throws InvalidRecordException {
        String iso =
                s.length() > 10 && s.charAt(10) == ' '
                        ? s.substring(0, 10) + 'T' + s.substring(11)
                        : s;
        try {
            char last = iso.charAt(iso.length() - 1);
            if (last == 'Z') {
                return Instant.parse(iso).toEpochMilli();
            }
            if (last == 'z') {
                return Instant.parse(iso.substring(0, iso.length() - 1) + 'Z').toEpochMilli();
            }
            if (hasOffset(iso)) {
                return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException | StringIndexOutOfBoundsException | ArithmeticException e) {
            throw new InvalidRecordException(field + ": not an ISO-8601 timestamp: '" + s + "'");
        }
    }

    /**
     * The common shape, {@code yyyy-MM-ddTHH:mm:ss[.fraction][Z|+hh:mm|-hh:mm]} (or a space for the
     * 'T'), read digit by digit: several times faster than {@code Instant.parse}, which was the
     * parsers' hot spot. Returns Long.MIN_VALUE for anything else, left to the general parser
     * (which also rejects bad dates).
     */
    static long fastIso(String s) {
        // any character beyond Latin-1 becomes '?', which matches no character the shape allows
        return fastIso(s.getBytes(StandardCharsets.ISO_8859_1), 0, s.length());
    }

    /**
     * {@link #fastIso(String)} on the {@code n} bytes (UTF-8 or Latin-1) at {@code from} of {@code
     * c}.
     */
    static long fastIso(byte[] c, int from, int n) {
        if (n < 19
                || c[from + 4] != '-'
                || c[from + 7] != '-'
                || (c[from + 10] != 'T' && c[from + 10] != ' ')
                || c[from + 13] != ':'
                || c[from + 16] != ':') return Long.MIN_VALUE;
        int year = digits(c, from, 4), month = digits(c, from + 5, 2);
        int day = digits(c, from + 8, 2), hour = digits(c, from + 11, 2);
        int minute = digits(c, from + 14, 2), second = digits(c, from + 17, 2);
        if ((year | month | day | hour | minute | second) < 0
                || month < 1
                || month > 12
                || day < 1
                || day > lengthOfMonth(year, month)
                || hour > 23
                || minute > 59
                || second > 59) {
            return Long.MIN_VALUE;
        }
        int i = 19;
        long millis = 0;
        if (i < n && c[from + i] == '.') {
            int start = ++i, scale = 100;
            // ASCII digits only: Character.isDigit also takes Arabic-Indic, fullwidth... digits,
            // which would count here as wrong values (U+0661, Arabic-Indic one, minus '0' is 1584)
            // instead of failing.
            while (i < n && c[from + i] >= '0' && c[from + i] <= '9') {
                if (i - start < 3) millis += (c[from + i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start || i - start > 9) return Long.MIN_VALUE;
        }
        long offsetSeconds = 0;
        if (i < n) {
            byte z = c[from + i];
            if ((z == 'Z' || z == 'z') && i == n - 1) {
                offsetSeconds = 0;
            } else if ((z == '+' || z == '-') && n - i == 6 && c[from + i + 3] == ':') {
                int oh = digits(c, from + i + 1, 2), om = digits(c, from + i + 4, 2);
                if (oh < 0 || om < 0 || oh > 18 || om > 59) return Long.MIN_VALUE;
                offsetSeconds = (z == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
            } else {
                return Long.MIN_VALUE;
            }
        }
        long days = epochDay(year, month, day);
        return ((days * 86_400 + hour * 3600L + minute * 60L + second) - offsetSeconds) * 1000
                + millis;
    }

    private static boolean isLeapYear(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeapYear(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a date of the years 0 to 9999, as LocalDate.toEpochDay. */
    static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367L * month - 362) / 12 + day - 1;
        if (month > 2) total -= isLeapYear(year) ? 1 : 2;
        return total - 719_528; // days from 0000-01-01 to 1970-01-01
    }

    /**
     * The number written by {@code count} digits at {@code at}, or -1 if they are not all digits.
     */
    private static int digits(byte[] c, int at, int count) {
        int v = 0;
        for (int i = at; i < at + count; i++) {
            byte d = c[i];
            if (d < '0' || d > '9') return -1;
            v = v * 10 + (d - '0');
        }
        return v;
    }

    private static boolean hasOffset(String iso) {
        int t = iso.indexOf('T');
        return t > 0 && (iso.indexOf('+', t) > 0 || iso.indexOf('-', t) > 0);
    }

    /** A record over {@link #MAX_RECORD_CHARS}. */
    public static InvalidRecordException tooLarge(String text) {
        return new InvalidRecordException(
                "record too large: "
                        + text.length()
                        + " characters, more than "
                        + MAX_RECORD_CHARS);
    }

    public static InvalidRecordException missing(String field) {
        return new InvalidRecordException("missing field " + field);
    }

    private static InvalidRecordException wrongType(String field, String expected, Kind got) {
        return new InvalidRecordException(
                field + ": expected " + expected + ", got " + got.description);
    }
}
