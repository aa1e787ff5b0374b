package dev.flinkrecipes.core.serde;

/**
 * The value a {@link JsonFields.FieldReader} or {@link JsonFields.ElementReader} is handed, read
 * through {@link JsonFields}' helpers; parsers never see how it is read. The reader is {@link
 * JsonCursor}, one strict pass over the record that checks JSON's grammar as it reads.
 *
 * <p>One value object serves a whole record, so a value is valid during its callback only and is
 * read at most once: reading it twice is a bug in the parser (IllegalStateException). A value the
 * callback leaves unread is skipped when the callback returns.
 */
public abstract class JsonValue {
    /** The JSON types, as named in dead-letter reasons. */
    enum Kind {
        STRING("a string"),
        NUMBER("a number"),
        BOOLEAN("a boolean"),
        NULL("null"),
        OBJECT("an object"),
        ARRAY("an array");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** Reads one record's fields; see {@link #reading}. */
    @FunctionalInterface
    interface RecordReading {
        void read(String text, JsonFields.FieldReader reader) throws InvalidRecordException;
    }

    /**
     * How records are read: {@link JsonCursor}. Not final only so that the differential test
     * (JsonCursor552kDifferentialTest) can run the production parsers on the previous reader too.
     */
    static RecordReading reading = JsonCursor::readRecord;

    JsonValue() {} // implementations live in this package only

    /**
     * Reads {@code text} (not blank) as exactly one JSON object, handing each field to {@code
     * reader}.
     */
    static void readRecord(String text, JsonFields.FieldReader reader)
            throws InvalidRecordException {
        reading.read(text, reader);
    }

    /** The current value's type; throws if it was already read. */
    abstract Kind kind();

    abstract String stringValue() throws InvalidRecordException;

    /**
     * {@link #stringValue}, the same instance each time the same short string repeats (see {@link
     * JsonFields#repeatedString}).
     */
    String repeatedStringValue() throws InvalidRecordException {
        return stringValue();
    }

    /**
     * The current string as epoch milliseconds if it has the common ISO-8601 shape and no escape
     * (see {@code JsonFields.fastIso}), read; else Long.MIN_VALUE, and the string is left unread.
     */
    long isoMillis() throws InvalidRecordException {
        return Long.MIN_VALUE;
    }

    abstract double doubleValue() throws InvalidRecordException;

    /** True if the current number has neither a fraction nor an exponent. */
    abstract boolean isWholeNumber() throws InvalidRecordException;

    /** True if the current whole number is within the range of a long. */
    abstract boolean fitsInLong() throws InvalidRecordException;

    /** A whole number within the range of a long (see {@link #fitsInLong}). */
    abstract long longValue() throws InvalidRecordException;

    /** The current scalar as written in the record (a string with its quotes and escapes). */
    abstract String token() throws InvalidRecordException;

    /**
     * The current number as Spark's {@code from_json} renders one into a StringType field: Spark
     * 4.2 reads the value through a Reader, so its exact-text branch ({@code
     * spark.sql.json.enableExactStringParsing}) does not apply and Jackson's {@code
     * copyCurrentStructure} writes the number again: a whole number as its value ({@code 42},
     * {@code -0} is {@code 0}), any other through a double ({@code 42.0}, {@code 1e3} is {@code
     * 1000.0}, {@code 1.50} is {@code 1.5}). Null for a number beyond the double range, which Spark
     * would turn into the text {@code "Infinity"}.
     */
    abstract String numberAsSparkText() throws InvalidRecordException;

    /** A string's content, or another scalar as written. */
    abstract String scalarText() throws InvalidRecordException;

    /** Reads past the current value (a malformed one is reported when its callback returns). */
    abstract void skip();

    /** Reads the current object, handing each field to {@code reader}. */
    abstract void readMembers(JsonFields.FieldReader reader) throws InvalidRecordException;

    /** Reads the current array, handing each element to {@code reader}. */
    abstract void readElements(JsonFields.ElementReader reader) throws InvalidRecordException;
}
