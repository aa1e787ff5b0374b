package dev.flinkrecipes.core.serde;

import dev.flinkrecipes.core.serde.JsonValue.Kind;

/**
 * JSON's grammar (RFC 8259) on a whole record, with a precise reason for the first error: the
 * wording of every "invalid JSON" dead letter. {@link JsonCursor} checks the same grammar as it
 * reads but does not word its errors; it calls {@link #checkRecord} on any record it refuses, so a
 * malformed record is invalid JSON whatever else is wrong with it. The rules are those a strict
 * reader needs against lenient ones (fastjson2 and Jackson accept comments, single quotes, unquoted
 * names, missing and trailing commas, {@code \x41}, raw control characters, {@code 01}, {@code +1},
 * {@code .5}, {@code 2L}, NaN...).
 */
final class JsonSyntax {
    private static final int MAX_DEPTH = 64;

    private JsonSyntax() {}

    /**
     * Checks that {@code s} (not blank) is exactly one JSON object, surrounding whitespace aside.
     */
    static void checkRecord(String s) throws InvalidRecordException {
        int i = skipWhitespace(s, 0);
        if (charAt(s, i) != '{') throw notAnObject(s, i);
        int depth = 0;
        long objects = 0; // bit d set: the open container at depth d + 1 is an object
        while (true) {
            // i is where a value must start
            Kind kind = kindAt(s, i);
            if (kind == null) throw expected(s, "a value", i);
            if (kind == Kind.OBJECT || kind == Kind.ARRAY) {
                if (depth == MAX_DEPTH)
                    throw invalid("nested deeper than " + MAX_DEPTH + " levels", i);
                long bit = 1L << depth++;
                objects = kind == Kind.OBJECT ? objects | bit : objects & ~bit;
                char close = kind == Kind.OBJECT ? '}' : ']';
                i = skipWhitespace(s, i + 1);
                if (charAt(s, i) != close) {
                    if (kind == Kind.OBJECT) i = memberValue(s, i);
                    continue;
                }
                depth--; // empty, i is on its closing bracket
            } else {
                i = scalarEnd(s, i, kind) - 1;
            }
            // i is on the value's last character: close containers until a comma leads to the next
            // value
            while (true) {
                i = skipWhitespace(s, i + 1);
                if (depth == 0) {
                    checkNothingAfter(s, i);
                    return;
                }
                boolean inObject = (objects & (1L << (depth - 1))) != 0;
                char close = inObject ? '}' : ']';
                char c = charAt(s, i);
                if (c == close) {
                    depth--;
                    continue;
                }
                if (c != ',') throw expected(s, "',' or '" + close + "'", i);
                int comma = i;
                i = skipWhitespace(s, i + 1);
                if (charAt(s, i) == close) throw invalid("trailing comma", comma);
                if (inObject) i = memberValue(s, i);
                break;
            }
        }
    }

    /** A member from its name at {@code i}: returns where its value starts. */
    private static int memberValue(String s, int i) throws InvalidRecordException {
        if (charAt(s, i) != '"') throw expected(s, "a field name in double quotes", i);
        int colon = skipWhitespace(s, stringEnd(s, i));
        if (charAt(s, colon) != ':') throw expected(s, "':' after the field name", colon);
        return skipWhitespace(s, colon + 1);
    }

    /** Only whitespace may follow the record's object; another JSON value is reported as such. */
    private static void checkNothingAfter(String s, int i) throws InvalidRecordException {
        if (i == s.length()) return;
        Kind after = kindAt(s, i);
        if (after == null) throw unexpected(s, i);
        if (after != Kind.OBJECT && after != Kind.ARRAY) scalarEnd(s, i, after);
        throw new InvalidRecordException("unexpected content after the JSON object");
    }

    /**
     * An array or well-formed scalar is a JSON value, but not an object; anything else is no JSON.
     */
    private static InvalidRecordException notAnObject(String s, int i)
            throws InvalidRecordException {
        Kind kind = kindAt(s, i);
        if (kind == null) return unexpected(s, i);
        if (kind != Kind.ARRAY) scalarEnd(s, i, kind);
        return new InvalidRecordException("not a JSON object");
    }

    /**
     * The kind of value starting at {@code at}, by its first character; null if no value starts
     * there.
     */
    static Kind kindAt(String s, int at) {
        return kindOf(charAt(s, at));
    }

    /** The kind of value that {@code first} starts; null if no value starts with it. */
    static Kind kindOf(char first) {
        return switch (first) {
            case '{' -> Kind.OBJECT;
            case '[' -> Kind.ARRAY;
            case '"' -> Kind.STRING;
            case 't', 'f' -> Kind.BOOLEAN;
            case 'n' -> Kind.NULL;
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> Kind.NUMBER;
            default -> null;
        };
    }

    /** The end (exclusive) of the well-formed scalar of {@code kind} starting at {@code at}. */
    static int scalarEnd(String s, int at, Kind kind) throws InvalidRecordException {
        return switch (kind) {
            case STRING -> stringEnd(s, at);
            case NUMBER -> numberEnd(s, at);
            case BOOLEAN -> literalEnd(s, at, s.charAt(at) == 't' ? "true" : "false");
            case NULL -> literalEnd(s, at, "null");
            case OBJECT, ARRAY -> throw new IllegalArgumentException(kind + " is not a scalar");
        };
    }

    /** A string at the '"' at {@code at}: no raw control character, only JSON's escapes. */
    private static int stringEnd(String s, int at) throws InvalidRecordException {
        int n = s.length();
        for (int i = at + 1; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"') return i + 1;
            if (c == '\\') {
                char e = charAt(s, i + 1);
                if (e == 'u') {
                    if (i + 5 >= n
                            || !isHex(s.charAt(i + 2))
                            || !isHex(s.charAt(i + 3))
                            || !isHex(s.charAt(i + 4))
                            || !isHex(s.charAt(i + 5))) {
                        throw invalid("malformed \\u escape", i);
                    }
                    i += 5;
                } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n'
                        || e == 'r' || e == 't') {
                    i++;
                } else {
                    throw invalid("invalid escape in a string", i);
                }
            } else if (c < 0x20) {
                throw invalid("unescaped control character in a string", i);
            }
        }
        throw invalid("unterminated string", at);
    }

    /** {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?} at {@code at}. */
    static int numberEnd(String s, int at) throws InvalidRecordException {
        int i = at;
        if (s.charAt(i) == '-') i++;
        if (charAt(s, i) == '0') {
            i++;
            if (isDigit(charAt(s, i))) throw invalid("leading zero in a number", at);
        } else {
            i = digitsEnd(s, i, at);
        }
        if (charAt(s, i) == '.') i = digitsEnd(s, i + 1, at);
        if (charAt(s, i) == 'e' || charAt(s, i) == 'E') {
            i++;
            if (charAt(s, i) == '+' || charAt(s, i) == '-') i++;
            i = digitsEnd(s, i, at);
        }
        return i;
    }

    private static int digitsEnd(String s, int from, int numberStart)
            throws InvalidRecordException {
        int i = from;
        while (isDigit(charAt(s, i))) i++;
        if (i == from) throw invalid("malformed number", numberStart);
        return i;
    }

    private static int literalEnd(String s, int at, String literal) throws InvalidRecordException {
        int end = at + literal.length();
        // as Jackson had it: "truely" is one unrecognized token, not true and garbage
        if (!s.startsWith(literal, at)
                || (end < s.length() && Character.isJavaIdentifierPart(s.charAt(end)))) {
            throw invalid("unrecognized token", at);
        }
        return end;
    }

    private static int skipWhitespace(String s, int from) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
            i++;
        }
        return i;
    }

    /** The character at {@code i}, or 0 past the end (where no token can start). */
    private static char charAt(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static InvalidRecordException expected(String s, String what, int at) {
        if (at == s.length()) return invalid("unexpected end of input", at);
        return invalid("expected " + what + ", got " + shown(s.charAt(at)), at);
    }

    private static InvalidRecordException unexpected(String s, int at) {
        return invalid(
                at == s.length()
                        ? "unexpected end of input"
                        : "unexpected "
                                + (isControl(s.charAt(at)) ? "" : "character ")
                                + shown(s.charAt(at)),
                at);
    }

    /**
     * A character as a reason can carry it: an ASCII control character as the byte it is (binary
     * input is mostly those), other invisible characters as U+XXXX.
     */
    private static String shown(char c) {
        if (isControl(c)) return String.format("byte 0x%02X", (int) c);
        return c > ' ' && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static boolean isControl(char c) {
        return c < ' ' || c == 0x7F;
    }

    private static InvalidRecordException invalid(String what, int at) {
        return new InvalidRecordException("invalid JSON: " + what + " at offset " + at);
    }
}
