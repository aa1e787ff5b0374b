package dev.flinkrecipes.core.serde;

import com.alibaba.fastjson2.JSONWriter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import com.fasterxml.jackson.databind.util.ClassUtil;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The project's JSON mapping ({@link Json#newMapper()}) written byte for byte the same, without
 * Jackson databind on the way: a plan per record class, built once from the serializer Jackson
 * would use (so names, order, {@code @JsonProperty}, {@code @JsonNaming}, {@code @JsonInclude} and
 * {@link IsoInstantSerializer} are Jackson's own answers), drives fastjson2's UTF-8 writer field by
 * field. A class or value the plan does not know (a nested object, a custom serializer, a null map
 * key...) is written by Jackson itself, so the output never differs, only the speed.
 *
 * <p>Jackson's own formats, kept here: doubles as {@link Double#toString(double)} (NaN and
 * infinities as strings), control characters escaped ({@code \n}, {@code \u001F}), every surrogate
 * escaped as {@code \uD83D} (a pair too), other characters raw UTF-8.
 */
public final class OutputJson {
    private OutputJson() {}

    private static final ObjectMapper JACKSON = Json.newMapper();

    private static final ClassValue<Plan> PLANS =
            new ClassValue<>() {
                @Override
                protected Plan computeValue(Class<?> type) {
                    return Plan.of(type);
                }
            };

    /** {@code value} as JSON (UTF-8). */
    public static byte[] toBytes(Object value) throws IOException {
        Plan plan = planOf(value);
        if (plan != null) {
            try (JSONWriter w = JSONWriter.ofUTF8()) {
                if (plan.tryWrite(w, value)) return w.getBytes();
            }
        }
        return JACKSON.writeValueAsBytes(value);
    }

    /** The plan for {@code value}'s class, or null when Jackson writes it. */
    private static Plan planOf(Object value) {
        return value == null ? null : PLANS.get(value.getClass());
    }

    /** Whether this writer writes {@code type} itself (else Jackson does); for tests. */
    static boolean planned(Class<?> type) {
        return PLANS.get(type) != null;
    }

    /** {@code value} as JSON and a newline, in one write to {@code out}. */
    public static void writeLine(Object value, OutputStream out) throws IOException {
        Plan plan = planOf(value);
        if (plan != null) {
            try (JSONWriter w = JSONWriter.ofUTF8()) {
                if (plan.tryWrite(w, value)) {
                    w.writeRaw((byte) '\n');
                    w.flushTo(out);
                    return;
                }
            }
        }
        byte[] json = JACKSON.writeValueAsBytes(value);
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        out.write(line);
    }

    /** Thrown while writing a value the plan cannot write as Jackson would. */
    private static final class Unsupported extends RuntimeException {
        private static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super(null, null, false, false);
        }
    }

    /** How one class is written; null from {@link #of} when Jackson must write it. */
    private static final class Plan {
        private final Property[] properties;

        private Plan(Property[] properties) {
            this.properties = properties;
        }

        static Plan of(Class<?> type) {
            JsonSerializer<Object> serializer;
            try {
                serializer = JACKSON.getSerializerProviderInstance().findValueSerializer(type);
            } catch (JsonProcessingException e) {
                return null; // Jackson will fail on it too, with its own message
            }
            // BeanSerializer only: not an array, unwrapping or Jackson's standard serializers
            if (serializer.getClass() != BeanSerializer.class) return null;
            List<Property> properties = new ArrayList<>();
            for (Iterator<PropertyWriter> it = serializer.properties(); it.hasNext(); ) {
                PropertyWriter p = it.next();
                if (!(p instanceof BeanPropertyWriter bean)
                        || bean.getClass() != BeanPropertyWriter.class
                        || !(bean.getMember().getMember() instanceof Field f)
                        || Modifier.isStatic(f.getModifiers())) return null;
                JsonSerializer<?> custom = bean.hasSerializer() ? bean.getSerializer() : null;
                boolean iso = custom instanceof IsoInstantSerializer;
                // Jackson's own serializers (String, Long...) are resolved in advance; any other
                // than IsoInstantSerializer is one this plan does not know
                if (custom != null && !iso && !ClassUtil.isJacksonStdImpl(custom)) return null;
                if (!f.trySetAccessible()) return null;
                Property property = Property.of(bean.getName(), f, iso, bean.willSuppressNulls());
                if (property == null) return null;
                properties.add(property);
            }
            return new Plan(properties.toArray(new Property[0]));
        }

        /**
         * Writes {@code record}; false for a value the plan does not write the way Jackson does
         * (the writer then holds a part and is dropped: Jackson writes the record).
         */
        boolean tryWrite(JSONWriter w, Object record) {
            try {
                write(w, record);
                return true;
            } catch (Unsupported e) {
                return false;
            }
        }

        void write(JSONWriter w, Object record) {
            w.writeRaw((byte) '{');
            boolean first = true;
            try {
                for (Property p : properties) {
                    first = p.write(w, record, first);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            w.writeRaw((byte) '}');
        }
    }

    /** One field: its name (and comma) as bytes, and how its value is written. */
    private abstract static class Property {
        final Field field;
        private final byte[] firstName; // "name":
        private final byte[] nextName; // ,"name":

        Property(String name, Field field) {
            this.field = field;
            byte[] quoted = quoted(name);
            this.firstName = Arrays.copyOf(quoted, quoted.length + 1);
            firstName[quoted.length] = ':';
            this.nextName = new byte[quoted.length + 2];
            nextName[0] = ',';
            System.arraycopy(quoted, 0, nextName, 1, quoted.length);
            nextName[quoted.length + 1] = ':';
        }

        final void name(JSONWriter w, boolean first) {
            w.writeRaw(first ? firstName : nextName);
        }

        /** Writes the field (or nothing); returns whether the next field is still the first. */
        abstract boolean write(JSONWriter w, Object record, boolean first)
                throws IllegalAccessException;

        static Property of(String name, Field f, boolean iso, boolean suppressNulls) {
            Class<?> t = f.getType();
            if (iso) {
                if (t == long.class) {
                    return new PrimitiveProperty(
                            name, f, (w, field, r) -> writeIsoMillis(w, field.getLong(r)));
                }
                if (t != Long.class) return null;
                return new ReferenceProperty(
                        name, f, suppressNulls, (w, v) -> writeIsoMillis(w, (Long) v));
            }
            if (t == long.class) {
                return new PrimitiveProperty(
                        name, f, (w, field, r) -> w.writeInt64(field.getLong(r)));
            }
            if (t == int.class || t == short.class || t == byte.class) {
                return new PrimitiveProperty(
                        name, f, (w, field, r) -> w.writeInt32(field.getInt(r)));
            }
            if (t == double.class) {
                return new PrimitiveProperty(
                        name, f, (w, field, r) -> writeDouble(w, field.getDouble(r)));
            }
            if (t == boolean.class) {
                return new PrimitiveProperty(
                        name, f, (w, field, r) -> w.writeBool(field.getBoolean(r)));
            }
            if (t.isPrimitive()) {
                // float and char: rare, through their boxes
                ValueWriter boxed = valueWriter(t == float.class ? Float.class : Character.class);
                return boxed == null ? null : new ReferenceProperty(name, f, false, boxed);
            }
            ValueWriter value = valueWriter(f.getGenericType());
            return value == null ? null : new ReferenceProperty(name, f, suppressNulls, value);
        }
    }

    /** Reads a primitive field of a record and writes it. */
    @FunctionalInterface
    private interface PrimitiveWriter {
        void write(JSONWriter w, Field field, Object record) throws IllegalAccessException;
    }

    /** A primitive field: never null, read without boxing. */
    private static final class PrimitiveProperty extends Property {
        private final PrimitiveWriter value;

        PrimitiveProperty(String name, Field field, PrimitiveWriter value) {
            super(name, field);
            this.value = value;
        }

        @Override
        boolean write(JSONWriter w, Object record, boolean first) throws IllegalAccessException {
            name(w, first);
            value.write(w, field, record);
            return false;
        }
    }

    private static final class ReferenceProperty extends Property {
        private final boolean suppressNulls;
        private final ValueWriter value;

        ReferenceProperty(String name, Field field, boolean suppressNulls, ValueWriter value) {
            super(name, field);
            this.suppressNulls = suppressNulls;
            this.value = value;
        }

        @Override
        boolean write(JSONWriter w, Object record, boolean first) throws IllegalAccessException {
            Object v = field.get(record);
            if (v == null) {
                if (suppressNulls) return first;
                name(w, first);
                w.writeNull();
            } else {
                name(w, first);
                value.write(w, v);
            }
            return false;
        }
    }

    /** Writes a non-null value of one declared type. */
    @FunctionalInterface
    private interface ValueWriter {
        void write(JSONWriter w, Object v);
    }

    /**
     * The writer of a declared type whose runtime class is that type (final classes, enums, maps
     * and lists of them); null for any other, which Jackson then writes.
     */
    private static ValueWriter valueWriter(Type type) {
        if (type == String.class) return (w, v) -> writeString(w, (String) v);
        if (type == Long.class) return (w, v) -> w.writeInt64((Long) v);
        if (type == Integer.class || type == Short.class || type == Byte.class) {
            return (w, v) -> w.writeInt32(((Number) v).intValue());
        }
        if (type == Double.class) return (w, v) -> writeDouble(w, (Double) v);
        if (type == Float.class) return (w, v) -> writeFloat(w, (Float) v);
        if (type == Boolean.class) return (w, v) -> w.writeBool((Boolean) v);
        if (type == Character.class) return (w, v) -> writeString(w, v.toString());
        if (type == BigDecimal.class || type == BigInteger.class) {
            // not final classes: a subclass is Jackson's to write
            return (w, v) -> {
                if (v.getClass() != type) throw Unsupported.INSTANCE;
                w.writeRaw(v.toString());
            };
        }
        if (type instanceof Class<?> c && c.isEnum()) {
            return (w, v) -> writeString(w, ((Enum<?>) v).name());
        }
        if (type instanceof Class<?> c
                && !c.isPrimitive()
                && !c.isArray()
                && !c.isInterface()
                && c.getName().startsWith("dev.flinkrecipes.")) {
            // a nested record of the project (e.g. a recommendation's items): its own plan, looked
            // up when written (a plan for it now could recurse into this one)
            return (w, v) -> {
                Plan plan = v.getClass() == c ? PLANS.get(c) : null;
                if (plan == null) throw Unsupported.INSTANCE;
                plan.write(w, v);
            };
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (Map.class.isAssignableFrom(raw) && args[0] == String.class) {
                ValueWriter value = valueWriter(args[1]);
                return value == null ? null : (w, v) -> writeMap(w, (Map<?, ?>) v, value);
            }
            if (List.class.isAssignableFrom(raw)) {
                ValueWriter element = valueWriter(args[0]);
                return element == null ? null : (w, v) -> writeList(w, (List<?>) v, element);
            }
        }
        return null;
    }

    private static void writeMap(JSONWriter w, Map<?, ?> map, ValueWriter value) {
        w.writeRaw((byte) '{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) throw Unsupported.INSTANCE; // null key
            if (!first) w.writeRaw((byte) ',');
            first = false;
            writeString(w, key);
            w.writeRaw((byte) ':');
            Object v = e.getValue();
            if (v == null) w.writeNull();
            else value.write(w, v);
        }
        w.writeRaw((byte) '}');
    }

    private static void writeList(JSONWriter w, List<?> list, ValueWriter element) {
        w.writeRaw((byte) '[');
        boolean first = true;
        for (Object v : list) {
            if (!first) w.writeRaw((byte) ',');
            first = false;
            if (v == null) w.writeNull();
            else element.write(w, v);
        }
        w.writeRaw((byte) ']');
    }

    private static void writeDouble(JSONWriter w, double d) {
        writeNumber(w, Double.toString(d), Double.isFinite(d));
    }

    private static void writeFloat(JSONWriter w, float f) {
        writeNumber(w, Float.toString(f), Float.isFinite(f));
    }

    /** As Jackson: the number's Java text ({@link Double#toString}), NaN and infinities quoted. */
    private static void writeNumber(JSONWriter w, String text, boolean finite) {
        if (finite) {
            w.writeRaw(text);
        } else {
            w.writeRaw((byte) '"');
            w.writeRaw(text);
            w.writeRaw((byte) '"');
        }
    }

    /**
     * A string as Jackson writes it. fastjson2 writes the same bytes for any string without a
     * control character, quote, backslash or surrogate (the common case); those go the slow way.
     */
    static void writeString(JSONWriter w, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                w.writeRaw(quoted(s));
                return;
            }
        }
        w.writeString(s);
    }

    private static final byte[] HEX = "0123456789ABCDEF".getBytes();

    /** {@code s} as a JSON string in UTF-8, escaped as Jackson's UTF-8 generator does. */
    static byte[] quoted(String s) {
        byte[] out = new byte[s.length() * 6 + 2];
        int o = 0;
        out[o++] = '"';
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    out[o++] = (byte) c;
                    continue;
                }
                out[o++] = '\\';
                switch (c) {
                    case '"' -> out[o++] = '"';
                    case '\\' -> out[o++] = '\\';
                    case '\b' -> out[o++] = 'b';
                    case '\t' -> out[o++] = 't';
                    case '\n' -> out[o++] = 'n';
                    case '\f' -> out[o++] = 'f';
                    case '\r' -> out[o++] = 'r';
                    default -> {
                        out[o++] = 'u';
                        out[o++] = '0';
                        out[o++] = '0';
                        out[o++] = HEX[c >> 4];
                        out[o++] = HEX[c & 0xF];
                    }
                }
            } else if (c < 0x800) {
                out[o++] = (byte) (0xC0 | (c >> 6));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                out[o++] = '\\';
                out[o++] = 'u';
                out[o++] = HEX[c >> 12];
                out[o++] = HEX[(c >> 8) & 0xF];
                out[o++] = HEX[(c >> 4) & 0xF];
                out[o++] = HEX[c & 0xF];
            } else {
                out[o++] = (byte) (0xE0 | (c >> 12));
                out[o++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        out[o++] = '"';
        return Arrays.copyOf(out, o);
    }

    private static final long FIRST_DAY = LocalDate.of(1, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    /**
     * Epoch milliseconds as {@link Instant#toString()} writes them ({@code 2024-01-15T10:35:00Z},
     * {@code .123} when there are milliseconds), without its formatter's allocations; years outside
     * 1-9999 through {@link Instant#toString()} itself.
     */
    static void writeIsoMillis(JSONWriter w, long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        long day = Math.floorDiv(seconds, 86400);
        if (day < FIRST_DAY || day > LAST_DAY) {
            w.writeString(Instant.ofEpochMilli(epochMillis).toString());
            return;
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86400);
        // civil date from days since 1970-01-01 (H. Hinnant's algorithm; eras of 400 years)
        long z = day + 719468;
        long era = Math.floorDiv(z, 146097);
        int dayOfEra = (int) (z - era * 146097);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int mp = (5 * dayOfYear + 2) / 153;
        int dayOfMonth = dayOfYear - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

        byte[] b = new byte[millis == 0 ? 22 : 26];
        b[0] = '"';
        digits(b, 1, year, 4);
        b[5] = '-';
        digits(b, 6, month, 2);
        b[8] = '-';
        digits(b, 9, dayOfMonth, 2);
        b[11] = 'T';
        digits(b, 12, secondOfDay / 3600, 2);
        b[14] = ':';
        digits(b, 15, secondOfDay / 60 % 60, 2);
        b[17] = ':';
        digits(b, 18, secondOfDay % 60, 2);
        int o = 20;
        if (millis != 0) {
            b[o++] = '.';
            digits(b, o, millis, 3);
            o += 3;
        }
        b[o++] = 'Z';
        b[o] = '"';
        w.writeRaw(b);
    }

    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
