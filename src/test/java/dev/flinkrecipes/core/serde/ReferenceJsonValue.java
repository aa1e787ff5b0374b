package dev.flinkrecipes.core.serde;

import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONReader;

/**
 * The record reader before JsonCursor, kept as the differential test's reference: JsonSyntax checks
 * the whole record's grammar, then fastjson2's streaming reader walks it. Copied unchanged from
 * JsonValue as of commit 0d97ce9, only made a JsonValue subclass and with doubles correctly rounded
 * (see {@link #correctlyRounded}).
 */
final class ReferenceJsonValue extends JsonValue {
    /**
     * Any whole number this long fits in a long; fastjson2 reads no longer whole number as a
     * double.
     */
    private static final int LONG_SAFE_LENGTH = 18;

    private final String text;
    private final JSONReader engine;
    private Kind kind;
    private int start; // offset of the current value in the text
    private boolean consumed;

    private ReferenceJsonValue(String text, JSONReader engine) {
        this.text = text;
        this.engine = engine;
    }

    /**
     * Reads {@code text} (not blank) as exactly one JSON object, handing each field to {@code
     * reader}.
     */
    static void readRecord(String text, JsonFields.FieldReader reader)
            throws InvalidRecordException {
        JsonSyntax.checkRecord(text);
        try (JSONReader engine = JSONReader.of(text)) {
            ReferenceJsonValue record = new ReferenceJsonValue(text, engine);
            record.arm();
            record.readMembers(reader);
        } catch (JSONException e) {
            // fastjson2 refusing what the grammar allows
            throw new InvalidRecordException("invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    /** The current value's type; throws if it was already read. */
    @Override
    Kind kind() {
        if (consumed) throw new IllegalStateException("this JSON value was already read");
        return kind;
    }

    @Override
    String stringValue() {
        take(Kind.STRING);
        return engine.readString();
    }

    @Override
    double doubleValue() throws InvalidRecordException {
        take(Kind.NUMBER);
        int end = JsonSyntax.numberEnd(text, start);
        if (!engineReadsDouble(end)) {
            double v = Double.parseDouble(text.substring(start, end));
            engine.skipValue();
            return v;
        }
        double v = engine.readDoubleValue();
        // fastjson2 reads -0.0 as 0.0; as before, -0.0 keeps its sign and the integer -0 is 0
        v = v == 0 && text.charAt(start) == '-' && !isWholeNumber() ? -0.0 : v;
        return correctlyRounded(text.substring(start, end), v);
    }

    /**
     * The one deliberate difference: fastjson2 2.0.57 does not always round to the nearest double
     * (9007199254740993.0 gives 9007199254740994, not 9007199254740992); JsonCursor does, as Java,
     * Jackson and so Spark do. The reference takes the nearest double too, and notes where they
     * differ for the test to check that fastjson2 was off by rounding alone.
     */
    private static double correctlyRounded(String token, double fastjson2) {
        double nearest = Double.parseDouble(token);
        if (nearest == 0) nearest = fastjson2; // the signs of zero as above
        if (Double.doubleToRawLongBits(nearest) != Double.doubleToRawLongBits(fastjson2))
            ROUNDED_DIFFERENTLY.put(token, fastjson2);
        return nearest;
    }

    /** The tokens fastjson2 rounded otherwise than to the nearest double, with its value. */
    static final java.util.Map<String, Double> ROUNDED_DIFFERENTLY = new java.util.HashMap<>();

    /**
     * fastjson2 fails on whole numbers beyond the long range and on exponents from 2048 up;
     * Double.parseDouble takes any long token and any exponent of more than 3 characters (sign
     * included).
     */
    private boolean engineReadsDouble(int end) {
        if (end - start > LONG_SAFE_LENGTH) return false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') return end - i <= 4;
        }
        return true;
    }

    /** True if the current number has neither a fraction nor an exponent. */
    @Override
    boolean isWholeNumber() throws InvalidRecordException {
        int end = JsonSyntax.numberEnd(text, start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') return false;
        }
        return true;
    }

    /** True if the current whole number is within the range of a long. */
    @Override
    boolean fitsInLong() throws InvalidRecordException {
        String token = token();
        if (token.length() <= LONG_SAFE_LENGTH) return true;
        try {
            Long.parseLong(token);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A whole number within the range of a long (see {@link #fitsInLong}). */
    @Override
    long longValue() {
        take(Kind.NUMBER);
        return engine.readInt64Value();
    }

    /** The current scalar as written in the record (a string with its quotes and escapes). */
    @Override
    String token() throws InvalidRecordException {
        return text.substring(start, JsonSyntax.scalarEnd(text, start, kind));
    }

    /**
     * The current number as Spark's {@code from_json} renders one into a StringType field: Spark
     * 4.2 reads the value through a Reader, so its exact-text branch ({@code
     * spark.sql.json.enableExactStringParsing}) does not apply and Jackson's {@code
     * copyCurrentStructure} writes the number again: a whole number as its value ({@code 42},
     * {@code -0} is {@code 0}), any other through a double ({@code 42.0}, {@code 1e3} is {@code
     * 1000.0}, {@code 1.50} is {@code 1.5}). Null for a number beyond the double range, which Spark
     * would turn into the text {@code "Infinity"}.
     */
    @Override
    String numberAsSparkText() throws InvalidRecordException {
        String token = token();
        boolean whole = isWholeNumber();
        take(Kind.NUMBER);
        engine.skipValue();
        if (whole) {
            // Jackson writes the int, long or BigInteger back: the token itself (no leading zeros
            // in JSON); -0 is 0
            return token.equals("-0") ? "0" : token;
        }
        double d = Double.parseDouble(token);
        return Double.isInfinite(d) ? null : Double.toString(d);
    }

    /** A string's content, or another scalar as written. */
    @Override
    String scalarText() throws InvalidRecordException {
        if (kind() == Kind.STRING) return stringValue();
        String token = token();
        skip();
        return token;
    }

    /** Reads past the current value. */
    @Override
    void skip() {
        kind();
        consumed = true;
        engine.skipValue();
    }

    /** Reads the current object, handing each field to {@code reader}. */
    @Override
    void readMembers(JsonFields.FieldReader reader) throws InvalidRecordException {
        take(Kind.OBJECT);
        engine.nextIfObjectStart();
        while (!engine.nextIfObjectEnd()) {
            String name = engine.readFieldName();
            arm();
            reader.field(name, this);
            if (!consumed) skip();
        }
    }

    /** Reads the current array, handing each element to {@code reader}. */
    @Override
    void readElements(JsonFields.ElementReader reader) throws InvalidRecordException {
        take(Kind.ARRAY);
        engine.nextIfArrayStart();
        for (int index = 0; !engine.nextIfArrayEnd(); index++) {
            arm();
            reader.element(index, this);
            if (!consumed) skip();
        }
    }

    /** Makes the value fastjson2 stands on the current one. */
    private void arm() {
        start = engine.getOffset() - 1;
        kind = JsonSyntax.kindAt(text, start);
        consumed = false;
    }

    private void take(Kind expected) {
        if (kind() != expected)
            throw new IllegalStateException("read as " + expected + " but is " + kind);
        consumed = true;
    }

    private static String firstLine(String msg) {
        if (msg == null) return "unreadable";
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }
}
