package dev.flinkrecipes.core.serde;

import java.util.Arrays;

/**
 * The record reader: one strict pass over the text that checks JSON's grammar (RFC 8259) as it
 * reads. Reading or skipping a value validates it: strings (JSON's escapes only, no raw control
 * character), numbers ({@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}), {@code true}, {@code
 * false}, {@code null}, nesting up to 64 levels, nothing but whitespace after the record's object.
 * Values come straight from the text: a string without escapes is a substring, a number is parsed
 * by hand where that is exact, else by {@link Double#parseDouble}.
 *
 * <p>The pass does not word its errors: when it meets any grammar error, or a callback refuses a
 * value, {@link JsonSyntax#checkRecord} checks the whole record, and a grammar error it finds is
 * the reason, wherever it lies, as if the grammar had been checked first; else the callback's
 * reason stands. Only a refused record pays the second pass.
 */
final class JsonCursor extends JsonValue {
    private static final int MAX_DEPTH = 64;

    /** Any whole number this long fits in a long. */
    private static final int LONG_SAFE_LENGTH = 18;

    /** The exact powers of ten as doubles (10^22 is the last one). */
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };

    /**
     * What the pass throws on a grammar error; {@link #readRecord} replaces it with JsonSyntax's
     * reason. No stack trace, so one instance serves every thread.
     */
    private static final InvalidRecordException MALFORMED =
            new InvalidRecordException("malformed JSON");

    private final String text;
    private final char[] chars; // scanned: plain array reads beat String.charAt's per-call checks
    private final int length;
    private int pos; // the next character to read
    private int depth; // containers open
    private Kind kind;
    private int start; // the current value's first character
    private int numberEnd; // the current number's end once scanned, else -1
    private boolean wholeNumber; // the current number has neither a fraction nor an exponent
    private boolean consumed;
    private boolean malformed; // set even if a callback swallows the exception

    private JsonCursor(String text) {
        this.text = text;
        this.chars = text.toCharArray();
        this.length = chars.length;
    }

    /**
     * Reads {@code text} (not blank) as exactly one JSON object, handing each field to {@code
     * reader}.
     */
    static void readRecord(String text, JsonFields.FieldReader reader)
            throws InvalidRecordException {
        JsonCursor cursor = new JsonCursor(text);
        try {
            cursor.readTopLevel(reader);
        } catch (InvalidRecordException | RuntimeException e) {
            JsonSyntax.checkRecord(text);
            if (e == MALFORMED) throw disagreement(text);
            throw e;
        }
        if (cursor.malformed) {
            JsonSyntax.checkRecord(text);
            throw disagreement(text);
        }
    }

    private static IllegalStateException disagreement(String text) {
        return new IllegalStateException("JsonCursor refused a record JsonSyntax accepts: " + text);
    }

    private void readTopLevel(JsonFields.FieldReader reader) throws InvalidRecordException {
        int i = skipWhitespace(0);
        if (charAt(i) != '{') throw malformed();
        arm(i);
        readMembers(reader);
        if (skipWhitespace(pos) != length) throw malformed();
    }

    @Override
    Kind kind() {
        if (consumed) throw new IllegalStateException("this JSON value was already read");
        return kind;
    }

    @Override
    String stringValue() throws InvalidRecordException {
        take(Kind.STRING);
        return readString(start);
    }

    @Override
    long isoMillis() throws InvalidRecordException {
        if (kind() != Kind.STRING) return Long.MIN_VALUE;
        int from = start + 1, end = from;
        while (end < length && chars[end] != '"' && chars[end] != '\\' && chars[end] >= 0x20) end++;
        if (end == length || chars[end] != '"') return Long.MIN_VALUE; // escapes: the general path
        long millis = JsonFields.fastIso(chars, from, end - from);
        if (millis != Long.MIN_VALUE) {
            consumed = true;
            pos = end + 1;
        }
        return millis;
    }

    @Override
    double doubleValue() throws InvalidRecordException {
        take(Kind.NUMBER);
        int end = numberEnd();
        pos = end;
        // a whole number is exact as a long, and -0 is 0 (as Jackson and fastjson2 read it)
        if (wholeNumber && end - start <= LONG_SAFE_LENGTH) return smallLong(start, end);
        return parseDouble(start, end);
    }

    @Override
    boolean isWholeNumber() throws InvalidRecordException {
        numberEnd();
        return wholeNumber;
    }

    @Override
    boolean fitsInLong() throws InvalidRecordException {
        int end = numberEnd();
        if (end - start <= LONG_SAFE_LENGTH) return true;
        try {
            Long.parseLong(text, start, end, 10);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    long longValue() throws InvalidRecordException {
        take(Kind.NUMBER);
        int end = numberEnd();
        pos = end;
        if (end - start <= LONG_SAFE_LENGTH) return smallLong(start, end);
        return Long.parseLong(text, start, end, 10);
    }

    @Override
    String token() throws InvalidRecordException {
        return text.substring(start, scalarEnd());
    }

    @Override
    String numberAsSparkText() throws InvalidRecordException {
        take(Kind.NUMBER);
        int end = numberEnd();
        pos = end;
        if (wholeNumber) {
            // Jackson writes the int, long or BigInteger back: the token itself (no leading zeros
            // in JSON); -0 is 0
            return end - start == 2 && text.startsWith("-0", start)
                    ? "0"
                    : text.substring(start, end);
        }
        double d = parseDouble(start, end);
        return Double.isInfinite(d) ? null : Double.toString(d);
    }

    @Override
    String scalarText() throws InvalidRecordException {
        if (kind() == Kind.STRING) return stringValue();
        int end = scalarEnd();
        consumed = true;
        pos = end;
        return text.substring(start, end);
    }

    @Override
    void skip() {
        kind();
        consumed = true; // the member or element loop reads past it, checking it
    }

    @Override
    void readMembers(JsonFields.FieldReader reader) throws InvalidRecordException {
        take(Kind.OBJECT);
        open();
        int i = skipWhitespace(start + 1);
        if (charAt(i) != '}') {
            while (true) {
                if (charAt(i) != '"') throw malformed();
                String name = readName(i);
                i = skipWhitespace(pos);
                if (charAt(i) != ':') throw malformed();
                int valueStart = skipWhitespace(i + 1);
                arm(valueStart);
                reader.field(name, this);
                i = skipWhitespace(pos == valueStart ? valueEnd(valueStart) : pos);
                if (charAt(i) != ',') break;
                i = skipWhitespace(i + 1);
            }
            if (charAt(i) != '}') throw malformed();
        }
        close(i);
    }

    @Override
    void readElements(JsonFields.ElementReader reader) throws InvalidRecordException {
        take(Kind.ARRAY);
        open();
        int i = skipWhitespace(start + 1);
        if (charAt(i) != ']') {
            for (int index = 0; ; index++) {
                int valueStart = i;
                arm(valueStart);
                reader.element(index, this);
                i = skipWhitespace(pos == valueStart ? valueEnd(valueStart) : pos);
                if (charAt(i) != ',') break;
                i = skipWhitespace(i + 1);
            }
            if (charAt(i) != ']') throw malformed();
        }
        close(i);
    }

    /** Makes the value at {@code at} the current one, unread. */
    private void arm(int at) throws InvalidRecordException {
        Kind k = JsonSyntax.kindAt(text, at);
        if (k == null) throw malformed();
        kind = k;
        start = at;
        pos = at;
        numberEnd = -1;
        consumed = false;
    }

    private void take(Kind expected) {
        if (kind() != expected)
            throw new IllegalStateException("read as " + expected + " but is " + kind);
        consumed = true;
    }

    private void open() throws InvalidRecordException {
        if (depth == MAX_DEPTH) throw malformed();
        depth++;
    }

    /** Closes the container whose closing bracket is at {@code at}. */
    private void close(int at) {
        depth--;
        pos = at + 1;
        consumed = true; // the last member's state is not the container's
    }

    /** The end of the current scalar. */
    private int scalarEnd() throws InvalidRecordException {
        return switch (kind) {
            case STRING -> stringEnd(start);
            case NUMBER -> numberEnd();
            case BOOLEAN, NULL -> valueEnd(start);
            case OBJECT, ARRAY -> throw new IllegalArgumentException(kind + " is not a scalar");
        };
    }

    /** The end of the current number, scanned once. */
    private int numberEnd() throws InvalidRecordException {
        if (numberEnd < 0) {
            int end = numberEndAt(start);
            boolean whole = true;
            for (int i = start; i < end; i++) {
                char c = chars[i];
                if (c == '.' || c == 'e' || c == 'E') {
                    whole = false;
                    break;
                }
            }
            wholeNumber = whole;
            numberEnd = end;
        }
        return numberEnd;
    }

    /** Reads past the well-formed value at {@code at}, returning its end. */
    private int valueEnd(int at) throws InvalidRecordException {
        return switch (charAt(at)) {
            case '"' -> stringEnd(at);
            case '{' -> containerEnd(at, true);
            case '[' -> containerEnd(at, false);
            case 't' -> literalEnd(at, "true");
            case 'f' -> literalEnd(at, "false");
            case 'n' -> literalEnd(at, "null");
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> numberEndAt(at);
            default -> throw malformed();
        };
    }

    private int containerEnd(int at, boolean object) throws InvalidRecordException {
        open();
        char close = object ? '}' : ']';
        int i = skipWhitespace(at + 1);
        if (charAt(i) != close) {
            while (true) {
                if (object) {
                    if (charAt(i) != '"') throw malformed();
                    i = skipWhitespace(stringEnd(i));
                    if (charAt(i) != ':') throw malformed();
                    i = skipWhitespace(i + 1);
                }
                i = skipWhitespace(valueEnd(i));
                if (charAt(i) != ',') break;
                i = skipWhitespace(i + 1);
            }
            if (charAt(i) != close) throw malformed();
        }
        depth--;
        return i + 1;
    }

    /** The end of the string at the '"' at {@code at}: no raw control character, JSON's escapes. */
    private int stringEnd(int at) throws InvalidRecordException {
        for (int i = at + 1; i < length; i++) {
            char c = chars[i];
            if (c == '"') return i + 1;
            if (c == '\\') {
                i = escapeEnd(i) - 1;
            } else if (c < 0x20) {
                throw malformed();
            }
        }
        throw malformed();
    }

    /** The end of the escape at the backslash at {@code at}. */
    private int escapeEnd(int at) throws InvalidRecordException {
        char e = charAt(at + 1);
        if (e == 'u') {
            if (at + 5 >= length || unicodeEscape(at) < 0) throw malformed();
            return at + 6;
        }
        if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
                || e == 't') {
            return at + 2;
        }
        throw malformed();
    }

    /**
     * Field names seen lately, by hash: records repeat the same few names, so a name is mostly
     * found here instead of copied again. Interned, so that a parser's {@code switch} finds its
     * case by identity. Shared by all threads without locking: a slot holds an immutable {@link
     * Name}, so a racy slot is at worst a miss.
     */
    private static final Name[] NAMES = new Name[512];

    private static final int MAX_CACHED_NAME = 64;

    /** A cached field name, with its characters for a vectorized comparison. */
    private record Name(String string, char[] chars) {}

    /** A field name at the '"' at {@code at}, as {@link #readString}. */
    private String readName(int at) throws InvalidRecordException {
        int from = at + 1;
        int h = 0;
        for (int i = from; i < length; i++) {
            char c = chars[i];
            if (c == '"') {
                pos = i + 1;
                int slot = (h ^ (h >>> 16)) & (NAMES.length - 1);
                Name cached = NAMES[slot];
                if (cached != null
                        && Arrays.equals(chars, from, i, cached.chars, 0, cached.chars.length))
                    return cached.string;
                String name = text.substring(from, i);
                // Only names short enough to be a parser's case label: a record's 60 KB name must
                // not stay in the cache (or the JVM's string table) after it.
                if (name.length() > MAX_CACHED_NAME) return name;
                name = name.intern();
                NAMES[slot] = new Name(name, name.toCharArray());
                return name;
            }
            if (c == '\\' || c < 0x20) return readString(at);
            h = 31 * h + c;
        }
        throw malformed();
    }

    /** The string at the '"' at {@code at}, unescaped; {@link #pos} goes past it. */
    private String readString(int at) throws InvalidRecordException {
        int from = at + 1;
        for (int i = from; i < length; i++) {
            char c = chars[i];
            if (c == '"') {
                pos = i + 1;
                return text.substring(from, i);
            }
            if (c == '\\') return readEscapedString(from, i);
            if (c < 0x20) throw malformed();
        }
        throw malformed();
    }

    private String readEscapedString(int from, int firstEscape) throws InvalidRecordException {
        StringBuilder sb = new StringBuilder(firstEscape - from + 16);
        sb.append(chars, from, firstEscape - from);
        int i = firstEscape;
        while (i < length) {
            char c = chars[i];
            if (c == '"') {
                pos = i + 1;
                return sb.toString();
            }
            if (c == '\\') {
                int end = escapeEnd(i);
                char e = chars[i + 1];
                sb.append(
                        switch (e) {
                            case 'u' -> (char) unicodeEscape(i);
                            case 'b' -> '\b';
                            case 'f' -> '\f';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            default -> e; // '"', '\\', '/'
                        });
                i = end;
            } else if (c < 0x20) {
                throw malformed();
            } else {
                sb.append(c);
                i++;
            }
        }
        throw malformed();
    }

    /** The code unit of {@code \\uXXXX} at {@code at} (its 4 characters there), or -1. */
    private int unicodeEscape(int at) {
        int v = 0;
        for (int i = at + 2; i < at + 6; i++) {
            char c = chars[i];
            int d;
            if (c >= '0' && c <= '9') d = c - '0';
            else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
            else return -1;
            v = v << 4 | d;
        }
        return v;
    }

    /** {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?} at {@code at}: its end. */
    private int numberEndAt(int at) throws InvalidRecordException {
        int i = at;
        if (charAt(i) == '-') i++;
        if (charAt(i) == '0') {
            i++;
            if (isDigit(charAt(i))) throw malformed();
        } else {
            i = digitsEnd(i);
        }
        if (charAt(i) == '.') i = digitsEnd(i + 1);
        char c = charAt(i);
        if (c == 'e' || c == 'E') {
            i++;
            c = charAt(i);
            if (c == '+' || c == '-') i++;
            i = digitsEnd(i);
        }
        return i;
    }

    private int digitsEnd(int from) throws InvalidRecordException {
        int i = from;
        while (isDigit(charAt(i))) i++;
        if (i == from) throw malformed();
        return i;
    }

    private int literalEnd(int at, String literal) throws InvalidRecordException {
        int end = at + literal.length();
        // as JsonSyntax: "truely" is one unrecognized token, not true and garbage
        if (!text.startsWith(literal, at)
                || (end < length && Character.isJavaIdentifierPart(chars[end]))) {
            throw malformed();
        }
        return end;
    }

    /** The well-formed whole number of at most 18 characters at [from, end). */
    private long smallLong(int from, int end) {
        int i = from;
        boolean negative = chars[i] == '-';
        if (negative) i++;
        long v = 0;
        for (; i < end; i++) v = v * 10 + (chars[i] - '0');
        return negative ? -v : v;
    }

    /**
     * The well-formed number at [from, end) as the nearest double. Up to 18 significant digits
     * within 2^53 and a power of ten up to 22 are exact as doubles, so one multiplication or
     * division rounds correctly (Clinger's fast path); anything else goes to Double.parseDouble.
     */
    private double parseDouble(int from, int end) {
        int i = from;
        boolean negative = chars[i] == '-';
        if (negative) i++;
        long mantissa = 0;
        int digits = 0, fractionDigits = 0;
        boolean fraction = false;
        for (; i < end; i++) {
            char c = chars[i];
            if (c == '.') {
                fraction = true;
            } else if (c == 'e' || c == 'E') {
                break;
            } else {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (fraction) fractionDigits++;
            }
        }
        int exponent = 0;
        if (i < end) {
            i++; // 'e'
            boolean negativeExponent = chars[i] == '-';
            if (negativeExponent || chars[i] == '+') i++;
            if (end - i > 4) return Double.parseDouble(text.substring(from, end));
            for (; i < end; i++) exponent = exponent * 10 + (chars[i] - '0');
            if (negativeExponent) exponent = -exponent;
        }
        int power = exponent - fractionDigits;
        if (digits > LONG_SAFE_LENGTH
                || mantissa > 1L << 53
                || power < -22
                || power > 22 && mantissa != 0) {
            return Double.parseDouble(text.substring(from, end));
        }
        double d = mantissa;
        if (power < 0) {
            d /= POWERS_OF_TEN[-power];
        } else if (power > 0 && mantissa != 0) {
            d *= POWERS_OF_TEN[power];
        }
        return negative ? -d : d;
    }

    private int skipWhitespace(int from) {
        int i = from;
        while (i < length) {
            char c = chars[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
            i++;
        }
        return i;
    }

    /** The character at {@code i}, or 0 past the end (where no token can start). */
    private char charAt(int i) {
        return i < length ? chars[i] : 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private InvalidRecordException malformed() {
        malformed = true;
        return MALFORMED;
    }
}
