package dev.flinkrecipes.core.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.commerce.CommerceEventParser;
import dev.flinkrecipes.commerce.UserTotalsJob;
import dev.flinkrecipes.enrichment.UserUpdateParser;
import dev.flinkrecipes.invoices.InvoiceParser;
import dev.flinkrecipes.iot.SensorReadingParser;
import dev.flinkrecipes.transactions.TransactionParser;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The 552k-record differential test (issue 15): the one-pass reader ({@link JsonCursor}) against
 * the two-pass one it replaced ({@link ReferenceJsonValue}: JsonSyntax's grammar check, then
 * fastjson2's streaming reader), through the production parsers. On 552,000 records generated from
 * a fixed seed (transactions, e-commerce events, invoices, sensor readings and user updates in
 * every accepted shape, and systematic and random mutations of them) both must accept with the same
 * parsed values, to the bit, or reject with the same reason.
 *
 * <p>Files and Kafka records are read from their bytes ({@link JsonRecordParser#parse(RawRecord)}):
 * every record is also read from its UTF-8 bytes, and every eighth record also with bytes that are
 * not UTF-8 put in (lone continuation and lead bytes, cut and overlong sequences, encoded
 * surrogates), each against the reference reading the text those bytes decode to.
 */
class JsonCursor552kDifferentialTest {
    private static final int RECORDS = 552_000;
    private static final int BASE_RECORDS = 100_000;
    private static final int SYSTEMATIC_BASES = 300;

    /**
     * The production parsers, each a different walk over the same JSON helpers: the issue's four
     * (transactions with all fields and with none required, e-commerce events, invoices with their
     * nested object and array) read every record.
     */
    private static final Map<String, RecordParser<?>> PARSERS =
            Map.of(
                    "transaction (all fields required)",
                    TransactionParser.requiring(TransactionParser.Field.values()),
                    "transaction (none required)",
                    TransactionParser.requiring(),
                    "commerce event",
                    CommerceEventParser.requiring(UserTotalsJob.REQUIRED),
                    "invoice",
                    new InvoiceParser());

    /** Two more walks (numbers, and scalars of any kind as text), on the valid-shaped records. */
    private static final Map<String, RecordParser<?>> MORE_PARSERS =
            Map.of(
                    "sensor reading",
                    new SensorReadingParser(),
                    "user update",
                    new UserUpdateParser());

    private final Random rnd = new Random(552_000L);
    private final Random badBytes = new Random(8L); // its own, so the records stay the same
    private final Map<String, int[]> outcomes = new HashMap<>(); // parser -> accepted, rejected
    private final List<String> mismatches = new ArrayList<>();
    private int grammarRejections;
    private int records;
    private int notUtf8Records;

    @Test
    void oneAndTwoPassReadersAgreeOn552kRecords() {
        List<String> bases = new ArrayList<>();
        for (int i = 0; i < BASE_RECORDS; i++) {
            String base = baseRecord(i);
            bases.add(base);
            compare(base);
            compare(base, MORE_PARSERS);
        }
        special(this::compare);
        for (int b = 0; b < SYSTEMATIC_BASES && records < RECORDS; b++) {
            systematicMutations(bases.get(b), this::compare);
        }
        while (records < RECORDS) {
            compare(randomMutation(bases.get(rnd.nextInt(bases.size()))));
        }
        assertThat(notUtf8Records).isEqualTo(RECORDS / 8);

        assertThat(mismatches).as("records read differently").isEmpty();
        // where fastjson2 read a number otherwise (the reference then takes the nearest double, as
        // JsonCursor does), it was off by rounding only
        ReferenceJsonValue.ROUNDED_DIFFERENTLY.forEach(
                (token, fastjson2) -> {
                    double nearest = Double.parseDouble(token);
                    assertThat(Math.abs(fastjson2 - nearest))
                            .as(token)
                            .isLessThanOrEqualTo(Math.ulp(nearest));
                });
        System.out.println(
                "552k differential: fastjson2 misrounded "
                        + ReferenceJsonValue.ROUNDED_DIFFERENTLY.size()
                        + " numbers, e.g. "
                        + ReferenceJsonValue.ROUNDED_DIFFERENTLY.entrySet().stream()
                                .limit(5)
                                .toList());
        System.out.printf(
                "552k differential: %d records, %d refused by the grammar, accepted/refused %s%n",
                records, grammarRejections, summary());
        assertThat(records).isEqualTo(RECORDS);
        // the records exercise both readers' every outcome: many accepted, many refused by the
        // grammar, many refused by a parser
        assertThat(outcomes.get("transaction (none required)")[0]).isGreaterThan(60_000);
        assertThat(outcomes.get("invoice")[0]).isGreaterThan(5_000);
        assertThat(outcomes.get("commerce event")[0]).isGreaterThan(5_000);
        assertThat(outcomes.get("sensor reading")[0]).isGreaterThan(5_000);
        assertThat(grammarRejections).isGreaterThan(150_000);
        assertThat(outcomes.get("transaction (all fields required)")[1] - grammarRejections)
                .isGreaterThan(50_000);
    }

    // ---------------------------------------------------------------- comparing

    private void compare(String text) {
        records++;
        if (compare(text, PARSERS)) grammarRejections++;
        if (records % 8 == 0) compareBytes(notUtf8(text), PARSERS);
    }

    /** Compares the readers through {@code parsers}; true if the grammar refused the record. */
    private boolean compare(String text, Map<String, RecordParser<?>> parsers) {
        boolean grammar = false;
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        boolean sameText = new String(utf8, StandardCharsets.UTF_8).equals(text);
        for (Map.Entry<String, RecordParser<?>> p : parsers.entrySet()) {
            String now = outcome(p.getValue(), text);
            String before = reference(p.getValue(), text);
            mismatch(p.getKey(), text, before, now);
            // a lone surrogate has no UTF-8 bytes: compareBytes reads what its bytes decode to
            if (sameText) mismatch(p.getKey() + " from bytes", text, before, outcome(p, utf8));
            outcomes.computeIfAbsent(p.getKey(), k -> new int[2])[
                    now.startsWith("accepted") ? 0 : 1]++;
            grammar |= now.startsWith("rejected: invalid JSON");
        }
        return grammar;
    }

    /**
     * The bytes read as a file line, against the reference on the text they decode to; where that
     * text is invalid JSON, the bytes' reason names their first byte that is not UTF-8 instead of
     * the U+FFFD it decoded to.
     */
    private void compareBytes(byte[] utf8, Map<String, RecordParser<?>> parsers) {
        notUtf8Records++;
        String text = new String(utf8, StandardCharsets.UTF_8);
        int bad = JsonFields.firstNonUtf8Byte(utf8);
        for (Map.Entry<String, RecordParser<?>> p : parsers.entrySet()) {
            String expected = reference(p.getValue(), text);
            if (bad >= 0 && expected.startsWith("rejected: invalid JSON: "))
                expected =
                        String.format(
                                "rejected: invalid JSON: unexpected byte 0x%02X at offset %d (not"
                                        + " UTF-8)",
                                utf8[bad] & 0xFF, bad);
            mismatch(p.getKey() + " from bytes", text, expected, outcome(p, utf8));
        }
    }

    private void mismatch(String parser, String text, String before, String now) {
        if (!now.equals(before) && mismatches.size() < 30) {
            mismatches.add(
                    parser
                            + " on "
                            + shown(text)
                            + "\n  before: "
                            + shown(before)
                            + "\n  now:    "
                            + shown(now));
        }
    }

    private static String reference(RecordParser<?> parser, String text) {
        JsonValue.reading = ReferenceJsonValue::readRecord;
        try {
            return outcome(parser, text);
        } finally {
            JsonValue.reading = JsonCursor::readRecord;
        }
    }

    private static String outcome(Map.Entry<String, RecordParser<?>> parser, byte[] utf8) {
        try {
            return "accepted "
                    + describe(parser.getValue().parse(RawRecord.fileLine(utf8, "test", 1)));
        } catch (InvalidRecordException e) {
            return "rejected: " + e.getMessage();
        } catch (RuntimeException e) {
            return "failed: " + e;
        }
    }

    /** Bytes that are not UTF-8, put in at a random place (or several). */
    private byte[] notUtf8(String text) {
        byte[][] bad = {
            {(byte) 0x80},
            {(byte) 0xBF, (byte) 0x80},
            {(byte) 0xC3},
            {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xFE},
            {(byte) 0xFF, (byte) 0xFF},
            {(byte) 0xC3, (byte) 0xA9}, // é, well-formed, next to bad ones
        };
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int times = 1 + badBytes.nextInt(3);
        for (int t = 0; t < times; t++) {
            byte[] put = bad[badBytes.nextInt(bad.length)];
            int at = badBytes.nextInt(b.length + 1);
            byte[] out = new byte[b.length + put.length];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(put, 0, out, at, put.length);
            System.arraycopy(b, at, out, at + put.length, b.length - at);
            b = out;
        }
        return b;
    }

    private String summary() {
        StringBuilder sb = new StringBuilder();
        outcomes.forEach(
                (k, v) ->
                        sb.append(k)
                                .append(' ')
                                .append(v[0])
                                .append('/')
                                .append(v[1])
                                .append("; "));
        return sb.toString();
    }

    private static String outcome(RecordParser<?> parser, String text) {
        try {
            return "accepted " + describe(parser.parse(text));
        } catch (InvalidRecordException e) {
            return "rejected: " + e.getMessage();
        } catch (RuntimeException e) {
            return "failed: " + e;
        }
    }

    private static String shown(String text) {
        String s =
                text.length() > 700 ? text.substring(0, 700) + "...(" + text.length() + ")" : text;
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF))
                sb.append(String.format("\\x{%04X}", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }

    private static final Map<Class<?>, List<Field>> FIELDS = new HashMap<>();

    /** A parsed record's every public field, doubles to the bit (so -0.0 is not 0.0). */
    static String describe(Object o) {
        if (o == null) return "null";
        if (o instanceof String s) return '"' + s + '"';
        if (o instanceof Double d) return d + "#" + Long.toHexString(Double.doubleToRawLongBits(d));
        if (o instanceof Number || o instanceof Boolean) return o.toString();
        StringBuilder sb = new StringBuilder();
        if (o instanceof Map<?, ?> m) {
            sb.append('{');
            m.forEach((k, v) -> sb.append(describe(k)).append('=').append(describe(v)).append(','));
            return sb.append('}').toString();
        }
        if (o instanceof List<?> l) {
            sb.append('[');
            for (Object e : l) sb.append(describe(e)).append(',');
            return sb.append(']').toString();
        }
        List<Field> fields =
                FIELDS.computeIfAbsent(
                        o.getClass(),
                        c -> {
                            List<Field> fs = new ArrayList<>();
                            for (Field f : c.getFields())
                                if (!Modifier.isStatic(f.getModifiers())) fs.add(f);
                            return fs;
                        });
        sb.append(o.getClass().getSimpleName()).append('(');
        for (Field f : fields) {
            try {
                sb.append(f.getName()).append('=').append(describe(f.get(o))).append(',');
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return sb.append(')').toString();
    }

    // ---------------------------------------------------------------- valid records

    private String baseRecord(int i) {
        List<String[]> fields =
                switch (i % 5) {
                    case 0, 1 -> transaction();
                    case 2 -> commerceEvent();
                    case 3 -> invoice();
                    default -> i % 10 == 4 ? sensorReading() : userUpdate();
                };
        if (rnd.nextInt(4) == 0) fields.add(new String[] {randomName(), extraValue(0)});
        if (rnd.nextInt(6) == 0) Collections.shuffle(fields, rnd);
        if (rnd.nextInt(30) == 0 && !fields.isEmpty()) fields.add(fields.get(0)); // repeated
        return object(fields, 1);
    }

    private String object(List<String[]> fields, int depth) {
        StringBuilder sb = new StringBuilder();
        sb.append(ws()).append('{');
        for (int f = 0; f < fields.size(); f++) {
            if (f > 0) sb.append(ws()).append(',');
            sb.append(ws()).append(name(fields.get(f)[0])).append(ws()).append(':');
            sb.append(ws()).append(fields.get(f)[1]);
        }
        sb.append(ws()).append('}');
        if (depth == 1) sb.append(ws());
        return sb.toString();
    }

    /** Mostly no whitespace, as generators write; now and then any JSON whitespace. */
    private String ws() {
        if (rnd.nextInt(8) != 0) return "";
        String[] choices = {" ", "  ", "\t", "\n", "\r\n", " \t "};
        return choices[rnd.nextInt(choices.length)];
    }

    /** A field name, now and then with an escape that still spells it. */
    private String name(String name) {
        if (rnd.nextInt(40) == 0 && !name.isEmpty())
            return "\"\\u" + String.format("%04x", (int) name.charAt(0)) + name.substring(1) + "\"";
        if (rnd.nextInt(80) == 0) return "\"" + name.replace("_", "\\u005F") + "\"";
        return "\"" + name + "\"";
    }

    private List<String[]> fields(Object... nameValue) {
        List<String[]> fields = new ArrayList<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            if (rnd.nextInt(25) == 0) continue; // missing
            String value = (String) nameValue[i + 1];
            if (rnd.nextInt(25) == 0) value = wrongType();
            fields.add(new String[] {(String) nameValue[i], value});
        }
        return fields;
    }

    private List<String[]> transaction() {
        return fields(
                "transaction_id", id("tx"),
                "user_id", rnd.nextInt(3) == 0 ? number() : id("user"),
                "amount", amount(),
                "merchant", string(),
                "category",
                        pick(
                                "\"electronics\"",
                                "\"food\"",
                                "\"travel\"",
                                "\"\"",
                                "\"  \"",
                                string()),
                "timestamp", timestamp(),
                "location",
                        pick(
                                "\"Madrid\"",
                                "\"Barcelona\"",
                                "\"São Paulo\"",
                                "\"\\u4e0a\\u6d77\"",
                                string()));
    }

    private List<String[]> commerceEvent() {
        return fields(
                "event_id", id("ev"),
                "timestamp", timestamp(),
                "user_id", rnd.nextBoolean() ? number() : id("u"),
                "event_type",
                        pick(
                                "\"view\"",
                                "\"add_to_cart\"",
                                "\"purchase\"",
                                "\"remove\"",
                                "\"refund\"",
                                "\"VIEW\""),
                "product_id", rnd.nextBoolean() ? number() : id("p"),
                "product_name", string(),
                "category", string(),
                "price", amount(),
                "quantity", pick("0", "1", "3", "-1", "2.0", "2.5", "1e2", "2147483648", number()));
    }

    private List<String[]> invoice() {
        List<String[]> address =
                fields(
                        "City",
                        string(),
                        "State",
                        string(),
                        "PinCode",
                        rnd.nextBoolean() ? number() : string());
        if (rnd.nextInt(4) == 0) address.add(new String[] {"Extra", extraValue(1)});
        StringBuilder items = new StringBuilder("[");
        int n = rnd.nextInt(4);
        for (int k = 0; k < n; k++) {
            if (k > 0) items.append(',').append(ws());
            items.append(
                    rnd.nextInt(30) == 0
                            ? wrongType()
                            : object(
                                    fields(
                                            "ItemCode", id("i"),
                                            "ItemDescription", string(),
                                            "ItemPrice", amount(),
                                            "ItemQty",
                                                    pick(
                                                            "1",
                                                            "2",
                                                            "10",
                                                            "1.5",
                                                            "-3",
                                                            "99999999999999999999",
                                                            number()),
                                            "TotalValue", amount()),
                                    2));
        }
        items.append(ws()).append(']');
        return fields(
                "InvoiceNumber", id("inv"),
                "CreatedTime", pick("1700000000000", "1700000000000.5", "0", "-5", number()),
                "StoreID", id("STR"),
                "PosID", id("POS"),
                "CustomerType", pick("\"PRIME\"", "\"NONPRIME\""),
                "PaymentMethod", pick("\"CARD\"", "\"CASH\""),
                "DeliveryType", pick("\"HOME-DELIVERY\"", "\"TAKEAWAY\""),
                "DeliveryAddress", rnd.nextInt(5) == 0 ? "null" : object(address, 2),
                "InvoiceLineItems", items.toString());
    }

    private List<String[]> sensorReading() {
        return fields(
                "sensor_id", id("sensor"),
                "temperature", amount(),
                "humidity", amount(),
                "pressure", amount(),
                "timestamp", timestamp());
    }

    private List<String[]> userUpdate() {
        List<String[]> f = fields("user_id", id("user"), "update_time", timestamp());
        int n = rnd.nextInt(5);
        for (int k = 0; k < n; k++)
            f.add(new String[] {randomName(), rnd.nextBoolean() ? scalar() : extraValue(1)});
        return f;
    }

    private String id(String prefix) {
        return "\"" + prefix + "_" + rnd.nextInt(100_000) + "\"";
    }

    private String pick(String... choices) {
        return choices[rnd.nextInt(choices.length)];
    }

    private String randomName() {
        return pick(
                "extra", "meta", "tags", "device", "session", "note", "", "a b", "ñ", "price_eur");
    }

    /** A JSON string in every shape a reader must decode. */
    private String string() {
        return switch (rnd.nextInt(14)) {
            case 0 -> "\"\"";
            case 1 -> "\" \"";
            case 2 -> "\"with \\\"quotes\\\" and \\\\ backslash\"";
            case 3 -> "\"esc \\/ \\b \\f \\n \\r \\t end\"";
            case 4 -> "\"\\u00e9\\u00C9 \\u20AC \\ud83d\\ude00\""; // é É € 😀
            case 5 -> "\"raw é 中文 😀 \u2028\u00a0\"";
            case 6 -> "\"lone \\ud800 high\"";
            case 7 -> "\"lone \\udc00 low \\ude00\\ud83d reversed\"";
            case 8 -> "\"raw lone \ud800 surrogate\"";
            case 9 -> "\"\\u0000 nul and \\u001f unit separator\"";
            case 10 -> "\"" + "x".repeat(rnd.nextInt(300)) + "\"";
            default -> "\"word" + rnd.nextInt(1000) + "\"";
        };
    }

    /** Amounts and prices: every number shape, and some wrong ones. */
    private String amount() {
        return rnd.nextInt(4) == 0
                ? number()
                : String.format("%d.%02d", rnd.nextInt(5000), rnd.nextInt(100));
    }

    private String number() {
        switch (rnd.nextInt(16)) {
            case 0:
                return Integer.toString(rnd.nextInt(2001) - 1000);
            case 1:
                return Long.toString(rnd.nextLong());
            case 2:
                return pick(
                        "0",
                        "-0",
                        "0.0",
                        "-0.0",
                        "0e0",
                        "-0e5",
                        "0E-7",
                        "1E5",
                        "1e+5",
                        "1.5e-3",
                        "9223372036854775807",
                        "9223372036854775808",
                        "-9223372036854775808",
                        "-9223372036854775809",
                        "99999999999999999",
                        "999999999999999999",
                        "9999999999999999999",
                        "123456789012345678901234567890",
                        "1e400",
                        "-1e400",
                        "1e-400",
                        "-1e-400",
                        "4.9e-324",
                        "2.5e-324",
                        "1.7976931348623157e308",
                        "1.7976931348623159e308",
                        "1e2047",
                        "1e2048",
                        "1e-2048",
                        "1e999",
                        "1e-999",
                        "0.1",
                        "0.2",
                        "0.30000000000000004",
                        "9007199254740993",
                        "9007199254740993.0",
                        "1" + "0".repeat(400),
                        "1." + "0".repeat(400) + "1",
                        "2.2250738585072011e-308",
                        "2.2250738585072012e-308",
                        "1e22",
                        "1e23",
                        "8.41e21",
                        "123456789012345.67",
                        "1234567890123456789.5",
                        "-00",
                        "01",
                        "1.",
                        ".5",
                        "+1",
                        "1e",
                        "1e+",
                        "--1",
                        "0x10",
                        "NaN",
                        "Infinity",
                        "1_000");
            case 3:
                return Double.toString(rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 20));
            case 4:
                return Double.toString(Double.longBitsToDouble(rnd.nextLong()))
                        .replace("Infinity", "1e309")
                        .replace("NaN", "0");
            case 5, 6:
                {
                    // up to 20 significant digits with a decimal point anywhere, maybe an exponent
                    StringBuilder sb = new StringBuilder();
                    if (rnd.nextBoolean()) sb.append('-');
                    int digits = 1 + rnd.nextInt(20);
                    String ds =
                            Long.toString(1 + (rnd.nextLong() & Long.MAX_VALUE) % 9)
                                    + digits(digits - 1);
                    int point = rnd.nextInt(digits + 1);
                    if (point == 0) sb.append("0.").append(ds);
                    else if (point == digits) sb.append(ds);
                    else sb.append(ds, 0, point).append('.').append(ds.substring(point));
                    if (rnd.nextInt(3) == 0)
                        sb.append(rnd.nextBoolean() ? 'e' : 'E')
                                .append(pick("", "+", "-"))
                                .append(rnd.nextInt(rnd.nextBoolean() ? 30 : 400));
                    return sb.toString();
                }
            case 7:
                return "0." + digits(1 + rnd.nextInt(25));
            case 8:
                return (rnd.nextBoolean() ? "-" : "")
                        + (1 + rnd.nextInt(9))
                        + digits(rnd.nextInt(25));
            default:
                return Integer.toString(rnd.nextInt(100_000));
        }
    }

    private String digits(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int k = 0; k < n; k++) sb.append((char) ('0' + rnd.nextInt(10)));
        return sb.toString();
    }

    /**
     * Mostly the shapes the fast ISO path reads; one in 25 is an odd or broken one (the general
     * parser's exceptions make those slow, and TimestampParsingTest covers them).
     */
    private String timestamp() {
        boolean odd = rnd.nextInt(25) == 0;
        int year = odd && rnd.nextBoolean() ? rnd.nextInt(10_001) : 2020 + rnd.nextInt(6);
        String date =
                String.format(
                        "%04d-%02d-%02d%c%02d:%02d:%02d",
                        year,
                        1 + rnd.nextInt(odd ? 13 : 12),
                        1 + rnd.nextInt(odd ? 31 : 28),
                        rnd.nextInt(6) == 0 ? ' ' : 'T',
                        rnd.nextInt(24),
                        rnd.nextInt(60),
                        rnd.nextInt(60));
        String fraction = pick("", "", ".1", ".123", ".123456", ".123456789", ".1234567890");
        String offset =
                odd
                        ? pick("+18:00", "+19:00", "+0100", "GMT", "+01:00:00")
                        : pick("Z", "Z", "", "+01:00", "-05:30", "z");
        return switch (odd ? rnd.nextInt(3) : rnd.nextInt(6) == 0 ? 0 : 3) {
            case 0 -> Long.toString(1_600_000_000L + rnd.nextInt(200_000_000));
            case 1 ->
                    pick(
                            "1700000000.5",
                            "1.7e9",
                            "-1",
                            "0",
                            "253402300799",
                            "253402300800",
                            "-62135596800",
                            "-62135596801",
                            "99999999999999999999",
                            "-0");
            case 2 ->
                    pick(
                            "null",
                            "true",
                            "{}",
                            "[]",
                            "\"\"",
                            "\"yesterday\"",
                            "\"2024-02-30T00:00:00Z\"",
                            "\"+12024-01-01T00:00:00Z\"",
                            "\"2024-01-15T10:30:00.000+01:00[Europe/Madrid]\"");
            default -> "\"" + date + fraction + offset + "\"";
        };
    }

    private String scalar() {
        return switch (rnd.nextInt(5)) {
            case 0 -> string();
            case 1 -> number();
            case 2 -> pick("true", "false", "null");
            default -> id("v");
        };
    }

    private String wrongType() {
        return pick(
                "\"12.5\"",
                "\"text\"",
                "42",
                "-1.5",
                "true",
                "false",
                "null",
                "{}",
                "[]",
                "{\"a\":1}",
                "[1,2]",
                "[{}]");
    }

    /** Fields no parser reads: nested objects and arrays to skip. */
    private String extraValue(int depth) {
        if (depth > 4 || rnd.nextInt(3) == 0) return scalar();
        if (rnd.nextBoolean()) {
            StringBuilder sb = new StringBuilder("[");
            int n = rnd.nextInt(4);
            for (int k = 0; k < n; k++)
                sb.append(k > 0 ? "," + ws() : "").append(extraValue(depth + 1));
            return sb.append(ws()).append(']').toString();
        }
        List<String[]> fields = new ArrayList<>();
        int n = rnd.nextInt(4);
        for (int k = 0; k < n; k++) fields.add(new String[] {randomName(), extraValue(depth + 1)});
        return object(fields, depth + 2);
    }

    // ---------------------------------------------------------------- broken records

    /** Characters that matter to the grammar, and some that must be refused. */
    private static final String SIGNIFICANT =
            "{}[]:,\"\\ \t\n0-.eE+1tfnu/x\u0001\u001f\u007fé\ud800\u00a0\ufeff";

    private void systematicMutations(String base, Consumer<String> sink) {
        for (int p = 0; p < base.length() && records + 6 <= RECORDS; p++) {
            char c = SIGNIFICANT.charAt(p % SIGNIFICANT.length());
            char d = SIGNIFICANT.charAt((p * 7 + 3) % SIGNIFICANT.length());
            sink.accept(base.substring(0, p) + base.substring(p + 1)); // deleted
            sink.accept(base.substring(0, p + 1) + base.substring(p)); // duplicated
            sink.accept(base.substring(0, p) + c + base.substring(p + 1)); // replaced
            sink.accept(base.substring(0, p) + d + base.substring(p + 1));
            sink.accept(base.substring(0, p) + d + base.substring(p)); // inserted
            sink.accept(base.substring(0, p)); // truncated
        }
    }

    private String randomMutation(String base) {
        int p = rnd.nextInt(base.length() + 1);
        char c = SIGNIFICANT.charAt(rnd.nextInt(SIGNIFICANT.length()));
        String head = base.substring(0, p), tail = base.substring(p);
        return switch (rnd.nextInt(9)) {
            case 0 -> head + tail.substring(Math.min(1, tail.length()));
            case 1 -> head + c + tail;
            case 2 -> head + c + tail.substring(Math.min(1, tail.length()));
            case 3 -> head;
            case 4 ->
                    base
                            + pick(
                                    " x",
                                    " {}",
                                    "1",
                                    ",",
                                    " \"a\"",
                                    "}",
                                    "]",
                                    " null",
                                    "\u0000",
                                    " //c",
                                    "\n{\"a\":1}");
            case 5 -> pick("[", " ", "x", "\ufeff", "/*c*/", "{", "\"a\"", "1 ") + base;
            case 6 ->
                    base.replaceFirst(
                            ":",
                            pick(
                                    ":\"\\x41\",\"z\":",
                                    ":\"\\u12G4\",\"z\":",
                                    ":\"\\ud800\",\"z\":",
                                    ":\"\u0001\",\"z\":",
                                    ":01,\"z\":",
                                    ":'a',\"z\":",
                                    ":NaN,\"z\":",
                                    ":[1,],\"z\":",
                                    ":{\"a\"},\"z\":",
                                    ":truely,\"z\":",
                                    ":nul,\"z\":",
                                    ":\"\\'\",\"z\":"));
            case 7 -> base.replace(',', rnd.nextBoolean() ? ';' : ' ');
            default -> {
                // a value swapped for another kind, maybe malformed
                int colon = base.indexOf(':', p);
                if (colon < 0) yield head + tail;
                yield base.substring(0, colon + 1)
                        + (rnd.nextBoolean() ? number() : wrongType())
                        + " "
                        + base.substring(colon + 1);
            }
        };
    }

    /** Depth limits, size limits and other edges, once each. */
    private void special(Consumer<String> sink) {
        for (int depth = 60; depth <= 68; depth++) {
            // the record's object is level 1
            sink.accept(
                    "{\"user_id\":\"u\",\"x\":"
                            + "[".repeat(depth - 1)
                            + "]".repeat(depth - 1)
                            + "}");
            sink.accept(
                    "{\"x\":"
                            + "{\"a\":".repeat(depth - 1)
                            + "1"
                            + "}".repeat(depth - 1)
                            + ",\"amount\":1}");
            sink.accept(
                    "{\"DeliveryAddress\":"
                            + "{\"a\":".repeat(depth - 1)
                            + "1"
                            + "}".repeat(depth - 1)
                            + "}");
            sink.accept(
                    "{\"InvoiceLineItems\":[{\"x\":"
                            + "[".repeat(depth - 3)
                            + "]".repeat(depth - 3)
                            + "}]}");
            sink.accept("[".repeat(depth) + "]".repeat(depth));
        }
        for (int size :
                new int[] {
                    JsonFields.MAX_RECORD_CHARS - 1,
                    JsonFields.MAX_RECORD_CHARS,
                    JsonFields.MAX_RECORD_CHARS + 1
                }) {
            String head = "{\"user_id\":\"u\",\"amount\":1,\"timestamp\":1700000000,\"note\":\"";
            sink.accept(head + "x".repeat(size - head.length() - 2) + "\"}");
        }
        for (String s :
                new String[] {
                    "{}",
                    "{} ",
                    " {}",
                    "{ }",
                    "[]",
                    "\"x\"",
                    "1",
                    "true",
                    "null",
                    "{\"a\":1}{}",
                    "{\"a\":1} {",
                    "{\"a\"}",
                    "{\"a\":}",
                    "{:1}",
                    "{\"a\" 1}",
                    "{\"a\":1,}",
                    "{,}",
                    "{\"a\":1 \"b\":2}",
                    "{'a':1}",
                    "{a:1}",
                    "{\"a\":1}\u0000",
                    "\ufeff{}",
                    "{\"a\":\"\\u\"}",
                    "{\"a\":\"\\u00\"}",
                    "{\"a\":\"\\u00e\"}",
                    "{\"a\":\"\\",
                    "{\"a\":\"",
                    "{\"a\":",
                    "{\"a\"",
                    "{\"a",
                    "{",
                    "{\"a\":[",
                    "{\"a\":[1",
                    "{\"a\":[1,",
                    "{\"a\":{",
                    "{\"user_id\":tru}",
                    "{\"user_id\":truex}",
                    "{\"user_id\":true1}",
                    "{\"user_id\":true_}",
                    "{\"user_id\":true$}",
                    "{\"user_id\":trueé}",
                    "{\"user_id\":nulll}",
                    "{\"amount\":-}",
                    "{\"amount\":1.}",
                    "{\"amount\":1e}",
                    "{\"amount\":1e+}",
                    "{\"amount\":-01}",
                    "{\"amount\":00}",
                    "{\"amount\":1.5.5}",
                    "{\"amount\":1e5e5}",
                    "{\"amount\":1ee5}",
                    "{\"amount\":- 1}",
                    "{\"amount\":\u00a01}",
                    "{\"amount\":\u000b1}",
                    "{\"amount\":\f1}",
                    "{\"a\":1}\u00a0",
                    "{\"a\":1}\n\r\t ",
                    "{\"a\\u0000b\":1}",
                    "{\"\":1}",
                    "{\"user_id\":\"\\uD83D\\uDE00\"}",
                }) {
            sink.accept(s);
        }
    }
}
