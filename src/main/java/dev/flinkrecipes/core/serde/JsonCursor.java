package dev.flinkrecipes.core.serde;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The record reader: one strict pass over the record's UTF-8 bytes that checks JSON's grammar (RFC
 * 8259) as it reads. A file line or a Kafka value is read as it arrived, without decoding it to a
 * String first; a string value is decoded when it is read, with the same result as decoding the
 * whole record first (bad bytes become U+FFFD: JSON's structural characters are ASCII, and no
 * decoder takes an ASCII byte into a multi-byte sequence). Reading or skipping a value validates
 * it: strings (JSON's escapes only, no raw control character), numbers ({@code
 * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}), {@code true}, {@code false}, {@code null},
 * nesting up to 64 levels, nothing but whitespace after the record's object. Values come straight
 * from the bytes: a string without escapes is one decoding of its bytes, a number is parsed by hand
 * where that is exact, else by {@link Double#parseDouble}.
 *
 * <p>The pass does not word its errors: when it meets any grammar error, or a callback refuses a
 * value, {@link JsonSyntax#checkRecord} checks the whole record (as text), and a grammar error it
 * finds is the reason, wherever it lies, as if the grammar had been checked first; else the
 * callback's reason stands. Only a refused record pays the second pass.
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

    private final byte[] bytes; // UTF-8, or for a text with a lone surrogate see wtf8()
    private final boolean wtf8;

    /**
     * A text read whose characters are its bytes one for one: ASCII, or ASCII and lone surrogates,
     * which UTF-8 writes as '?'. Strings are cut from it; else null.
     */
    private final String sameText;

    private final int length;
    private int pos; // the next character to read
    private int depth; // containers open
    private Kind kind;
    private int start; // the current value's first character
    private int numberEnd; // the current number's end once scanned, else -1
    private boolean wholeNumber; // the current number has neither a fraction nor an exponent
    private boolean consumed;
    private boolean malformed; // set even if a callback swallows the exception

    private JsonCursor(byte[] bytes, boolean wtf8, String sameText) {
        this.bytes = bytes;
        this.wtf8 = wtf8;
        this.sameText = sameText;
        this.length = bytes.length;
    }

    /**
     * Reads {@code text} (not blank) as exactly one JSON object, handing each field to {@code
     * reader}.
     */
    static void readRecord(String text, JsonFields.FieldReader reader)
            throws InvalidRecordException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length == text.length()) {
            read(utf8, false, text, text, reader);
        } else if (hasLoneSurrogate(text)) {
            read(wtf8(text), true, null, text, reader);
        } else {
            read(utf8, false, null, text, reader);
        }
    }

    /**
     * Reads a record's UTF-8 bytes (not blank, starting with '{' after whitespace) as {@link
     * #readRecord(String, JsonFields.FieldReader)} reads {@code new String(utf8, UTF_8)}.
     */
    static void readRecord(byte[] utf8, JsonFields.FieldReader reader)
            throws InvalidRecordException {
        read(utf8, false, null, null, reader);
    }

    private static void read(
            byte[] bytes, boolean wtf8, String sameText, String text, JsonFields.FieldReader reader)
            throws InvalidRecordException {
        JsonCursor cursor = new JsonCursor(bytes, wtf8, sameText);
        try {
            cursor.readTopLevel(reader);
        } catch (InvalidRecordException | RuntimeException e) {
            if (e == MALFORMED) throw grammarReason(bytes, text);
            JsonSyntax.checkRecord(text != null ? text : new String(bytes, StandardCharsets.UTF_8));
            throw e;
        }
        if (cursor.malformed) throw grammarReason(bytes, text);
    }

    /**
     * JsonSyntax's reason for a record this pass found malformed (its text decoded only now, for a
     * refused record); never returns normally for a record JsonSyntax refuses too.
     */
    private static InvalidRecordException grammarReason(byte[] bytes, String text)
            throws InvalidRecordException {
        String t = text != null ? text : new String(bytes, StandardCharsets.UTF_8);
        JsonSyntax.checkRecord(t);
        throw disagreement(t);
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A text with a lone surrogate (only a String can hold one) as UTF-8 with each lone surrogate
     * in UTF-8's three-byte form, which {@link #decode} reads back: UTF-8 itself would make it '?'.
     */
    private static byte[] wtf8(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length() * 3);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                out.write(cp);
            } else if (cp < 0x800) {
                out.write(0xC0 | cp >> 6);
                out.write(0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                out.write(0xE0 | cp >> 12);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            } else {
                out.write(0xF0 | cp >> 18);
                out.write(0x80 | cp >> 12 & 0x3F);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            }
        }
        return out.toByteArray();
    }

    /**
     * The text of the {@code n} bytes at {@code from}: cut from {@link #sameText}, else UTF-8 (bad
     * bytes become U+FFFD), or the encoding of {@link #wtf8}, which is well-formed by construction.
     */
    private String decode(int from, int n) {
        if (sameText != null) return sameText.substring(from, from + n);
        if (!wtf8) return new String(bytes, from, n, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(n);
        for (int i = from; i < from + n; ) {
            int b = bytes[i] & 0xFF;
            int cp, size;
            if (b < 0x80) {
                cp = b;
                size = 1;
            } else if (b < 0xE0) {
                cp = (b & 0x1F) << 6 | bytes[i + 1] & 0x3F;
                size = 2;
            } else if (b < 0xF0) {
                cp = (b & 0x0F) << 12 | (bytes[i + 1] & 0x3F) << 6 | bytes[i + 2] & 0x3F;
                size = 3;
            } else {
                cp =
                        (b & 0x07) << 18
                                | (bytes[i + 1] & 0x3F) << 12
                                | (bytes[i + 2] & 0x3F) << 6
                                | bytes[i + 3] & 0x3F;
                size = 4;
            }
            sb.appendCodePoint(cp);
            i += size;
        }
        return sb.toString();
    }

    /** The ASCII bytes [from, end) (a number's, checked) as a String. */
    private String ascii(int from, int end) {
        return new String(bytes, from, end - from, StandardCharsets.ISO_8859_1);
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
    String repeatedStringValue() throws InvalidRecordException {
        take(Kind.STRING);
        int from = start + 1;
        int end = ByteScan.stringStop(bytes, from, length);
        if (end == length || bytes[end] != '"' || end - from > MAX_CACHED_NAME) {
            return readString(start); // escapes, a control character or long: read as any string
        }
        int h = 0;
        for (int i = from; i < end; i++) {
            byte c = bytes[i];
            // non-ASCII (may decode to U+FFFD) or '?' (a lone surrogate of a text): never cached
            if (c < 0 || c == '?') return readString(start);
            h = 31 * h + c;
        }
        pos = end + 1;
        return cached(VALUES, from, end, h, false).string;
    }

    @Override
    long isoMillis() throws InvalidRecordException {
        if (kind() != Kind.STRING) return Long.MIN_VALUE;
        int from = start + 1;
        int end = ByteScan.stringStop(bytes, from, length);
        if (end == length || bytes[end] != '"') return Long.MIN_VALUE; // escapes: the general path
        long millis = JsonFields.fastIso(bytes, from, end - from);
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
            Long.parseLong(ascii(start, end));
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
        return Long.parseLong(ascii(start, end));
    }

    @Override
    String token() throws InvalidRecordException {
        int end = scalarEnd();
        return decode(start, end - start);
    }

    @Override
    String numberAsSparkText() throws InvalidRecordException {
        take(Kind.NUMBER);
        int end = numberEnd();
        pos = end;
        if (wholeNumber) {
            // Jackson writes the int, long or BigInteger back: the token itself (no leading zeros
            // in JSON); -0 is 0
            return end - start == 2 && bytes[start] == '-' && bytes[start + 1] == '0'
                    ? "0"
                    : ascii(start, end);
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
        return ascii(start, end);
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
            for (int member = 0; ; member++) {
                if (charAt(i) != '"') throw malformed();
                String name = readName(i, member);
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
        // a byte from 0x80 becomes a char from 0xFF80, which starts no value
        Kind k = JsonSyntax.kindOf((char) charAt(at));
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
                byte c = bytes[i];
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
        byte close = (byte) (object ? '}' : ']');
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
        int i = at + 1;
        while ((i = ByteScan.stringStop(bytes, i, length)) < length) {
            byte c = bytes[i];
            if (c == '"') return i + 1;
            if (c != '\\') throw malformed(); // a control character
            i = escapeEnd(i);
        }
        throw malformed();
    }

    /** The end of the escape at the backslash at {@code at}. */
    private int escapeEnd(int at) throws InvalidRecordException {
        byte e = charAt(at + 1);
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

    /**
     * Values of {@link #repeatedStringValue} seen lately, by hash, as {@link #NAMES} (not interned:
     * a value is only shared through here).
     */
    private static final Name[] VALUES = new Name[1024];

    /** A cached field name, with its bytes for a vectorized comparison. */
    private record Name(
            String string, byte[] bytes, long head, long headMask, long tail, long tailMask) {
        /**
         * A name and its bytes; for a name of up to 15 bytes also the name and its closing '"' as
         * two little-endian longs (the second masked to what is left), for {@link #readName}'s
         * guess to compare in two steps.
         */
        static Name of(String string, byte[] bytes) {
            if (bytes.length > 15) return new Name(string, bytes, 0, 0, 0, 0);
            byte[] quoted = Arrays.copyOf(bytes, 16);
            quoted[bytes.length] = '"';
            int tailBytes = Math.max(bytes.length + 1 - 8, 0);
            long tailMask = tailBytes == 0 ? 0 : -1L >>> (64 - 8 * tailBytes);
            long headMask = bytes.length + 1 >= 8 ? -1L : -1L >>> (64 - 8 * (bytes.length + 1));
            return new Name(
                    string,
                    bytes,
                    ByteScan.longAt(quoted, 0) & headMask,
                    headMask,
                    ByteScan.longAt(quoted, 8) & tailMask,
                    tailMask);
        }
    }

    /**
     * The name last read at each place (member index, nesting depth): records of one stream write
     * their fields in one order, so the name is mostly the one guessed here, checked by one
     * comparison instead of hashed byte by byte. Shared and racy as {@link #NAMES}.
     */
    private static final Name[] GUESSES = new Name[128];

    /**
     * The field name at the '"' at {@code at}, the {@code member}-th of its object, as {@link
     * #readString}.
     */
    private String readName(int at, int member) throws InvalidRecordException {
        int from = at + 1;
        int place = (depth << 4 | member) & (GUESSES.length - 1);
        Name guess = GUESSES[place];
        if (guess != null) {
            // a cached name holds no '"' or escape: a '"' right after its bytes ends the name
            int end = from + guess.bytes.length;
            if (end <= from + 15 && from + 16 <= length) {
                // the name and its quote as two longs (a name of up to 15 bytes)
                if ((ByteScan.longAt(bytes, from) & guess.headMask) == guess.head
                        && (ByteScan.longAt(bytes, from + 8) & guess.tailMask) == guess.tail) {
                    pos = end + 1;
                    return guess.string;
                }
            } else if (end < length
                    && bytes[end] == '"'
                    && Arrays.equals(bytes, from, end, guess.bytes, 0, guess.bytes.length)) {
                pos = end + 1;
                return guess.string;
            }
        }
        int h = 0;
        for (int i = from; i < length; i++) {
            byte c = bytes[i];
            if (c == '"') {
                pos = i + 1;
                // Only names short enough to be a parser's case label: a record's 60 KB name must
                // not stay in the cache (or the JVM's string table) after it.
                if (i - from > MAX_CACHED_NAME) return decode(from, i - from);
                Name cached = cached(NAMES, from, i, h, true);
                GUESSES[place] = cached;
                return cached.string;
            }
            // escapes, non-ASCII names (whose bytes may decode to U+FFFD) and '?' (a lone surrogate
            // of a text is a '?' in its bytes): the general path, never cached
            if (c == '\\' || c < 0x20 || c == '?') return readString(at);
            h = 31 * h + c;
        }
        throw malformed();
    }

    /**
     * The entry of {@code table} for the plain ASCII bytes [from, end), whose hash is {@code h}:
     * found, or made (its text interned if {@code intern}) and put in place of the slot's last one.
     */
    private Name cached(Name[] table, int from, int end, int h, boolean intern) {
        int slot = (h ^ (h >>> 16)) & (table.length - 1);
        Name cached = table[slot];
        if (cached == null
                || !Arrays.equals(bytes, from, end, cached.bytes, 0, cached.bytes.length)) {
            String text = decode(from, end - from);
            cached = Name.of(intern ? text.intern() : text, Arrays.copyOfRange(bytes, from, end));
            table[slot] = cached;
        }
        return cached;
    }

    /** The string at the '"' at {@code at}, unescaped; {@link #pos} goes past it. */
    private String readString(int at) throws InvalidRecordException {
        int from = at + 1;
        int i = ByteScan.stringStop(bytes, from, length);
        if (i == length) throw malformed();
        byte c = bytes[i];
        if (c == '"') {
            pos = i + 1;
            return decode(from, i - from);
        }
        if (c == '\\') return readEscapedString(from, i);
        throw malformed(); // a control character
    }

    /**
     * A string with escapes: the raw runs between them decoded one by one, which gives what
     * decoding the whole record gives, since a run ends at an ASCII '\\' or '"'.
     */
    private String readEscapedString(int from, int firstEscape) throws InvalidRecordException {
        StringBuilder sb = new StringBuilder(firstEscape - from + 16);
        int run = from; // the raw bytes not yet appended start here
        int i = firstEscape;
        while ((i = ByteScan.stringStop(bytes, i, length)) < length) {
            byte c = bytes[i];
            if (c == '"') {
                sb.append(decode(run, i - run));
                pos = i + 1;
                return sb.toString();
            }
            if (c == '\\') {
                sb.append(decode(run, i - run));
                int end = escapeEnd(i);
                byte e = bytes[i + 1];
                sb.append(
                        switch (e) {
                            case 'u' -> (char) unicodeEscape(i);
                            case 'b' -> '\b';
                            case 'f' -> '\f';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            default -> (char) e; // '"', '\\', '/'
                        });
                i = end;
                run = i;
            } else {
                throw malformed(); // a control character
            }
        }
        throw malformed();
    }

    /** The code unit of {@code \\uXXXX} at {@code at} (its 4 characters there), or -1. */
    private int unicodeEscape(int at) {
        int v = 0;
        for (int i = at + 2; i < at + 6; i++) {
            byte c = bytes[i];
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
        byte c = charAt(i);
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
        if (end > length) throw malformed();
        for (int i = 0; i < literal.length(); i++) {
            if (bytes[at + i] != literal.charAt(i)) throw malformed();
        }
        // as JsonSyntax: "truely" is one unrecognized token, not true and garbage (a non-ASCII
        // byte after it is malformed either way: nothing but ',', a bracket or space may follow)
        if (end < length && (bytes[end] < 0 || Character.isJavaIdentifierPart((char) bytes[end]))) {
            throw malformed();
        }
        return end;
    }

    /** The well-formed whole number of at most 18 characters at [from, end). */
    private long smallLong(int from, int end) {
        int i = from;
        boolean negative = bytes[i] == '-';
        if (negative) i++;
        long v = 0;
        for (; i < end; i++) v = v * 10 + (bytes[i] - '0');
        return negative ? -v : v;
    }

    /**
     * The well-formed number at [from, end) as the nearest double. Up to 18 significant digits
     * within 2^53 and a power of ten up to 22 are exact as doubles, so one multiplication or
     * division rounds correctly (Clinger's fast path); anything else goes to Double.parseDouble.
     */
    private double parseDouble(int from, int end) {
        int i = from;
        boolean negative = bytes[i] == '-';
        if (negative) i++;
        long mantissa = 0;
        int digits = 0, fractionDigits = 0;
        boolean fraction = false;
        for (; i < end; i++) {
            byte c = bytes[i];
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
            boolean negativeExponent = bytes[i] == '-';
            if (negativeExponent || bytes[i] == '+') i++;
            if (end - i > 4) return Double.parseDouble(ascii(from, end));
            for (; i < end; i++) exponent = exponent * 10 + (bytes[i] - '0');
            if (negativeExponent) exponent = -exponent;
        }
        int power = exponent - fractionDigits;
        if (digits > LONG_SAFE_LENGTH
                || mantissa > 1L << 53
                || power < -22
                || power > 22 && mantissa != 0) {
            return Double.parseDouble(ascii(from, end));
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
            byte c = bytes[i];
            // most bytes met here are a token's first: above ' ', one comparison
            if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t')) break;
            i++;
        }
        return i;
    }

    /** The byte at {@code i}, or 0 past the end (where no token can start). */
    private byte charAt(int i) {
        return i < length ? bytes[i] : 0;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private InvalidRecordException malformed() {
        malformed = true;
        return MALFORMED;
    }
}
