package dev.flinkrecipes.core.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.core.windows.WindowRow;
import dev.flinkrecipes.invoices.Invoice;
import dev.flinkrecipes.recommendations.Recommendation;
import dev.flinkrecipes.transactions.FraudAlert;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link OutputJson} against Jackson databind with the project's mapping, byte for byte: every
 * class of the project with public fields (results, dead letters, late events, inputs), filled with
 * seeded random values and edge cases (nulls, every control character, quotes, backslashes, non-BMP
 * characters, lone surrogates, NaN and infinities, Long.MIN_VALUE, far instants).
 */
class OutputJsonTest {
    private static final ObjectMapper JACKSON = Json.newMapper();
    private static final int PER_CLASS = 2000;

    /** Jackson's bytes, or the class of what it threw. */
    private static Object jackson(Object value) {
        try {
            return JACKSON.writeValueAsBytes(value);
        } catch (Exception e) {
            return e.getClass();
        }
    }

    private static Object ours(Object value) {
        try {
            byte[] bytes = OutputJson.toBytes(value);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            OutputJson.writeLine(value, line);
            byte[] withNewline = Arrays.copyOf(bytes, bytes.length + 1);
            withNewline[bytes.length] = '\n';
            assertThat(line.toByteArray()).as("writeLine").isEqualTo(withNewline);
            return bytes;
        } catch (Exception e) {
            return e.getClass();
        }
    }

    private static void assertSame(Object value, String what) {
        Object expected = jackson(value);
        Object actual = ours(value);
        if (expected instanceof byte[] e && actual instanceof byte[] a) {
            if (!Arrays.equals(e, a)) {
                fail(
                        "%s differs:%n jackson: %s%n ours:    %s",
                        what,
                        new String(e, StandardCharsets.UTF_8),
                        new String(a, StandardCharsets.UTF_8));
            }
        } else {
            assertThat(actual).as(what).isEqualTo(expected);
        }
    }

    /** Every concrete class of the project with a public field and a no-argument constructor. */
    private static List<Class<?>> writtenClasses() throws Exception {
        Path root =
                Path.of(
                        OutputJson.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = root.relativize(f).toString();
                if (!name.endsWith(".class")) continue;
                name = name.substring(0, name.length() - 6).replace('/', '.');
                if (name.matches(".*\\$\\d.*")) continue;
                Class<?> c;
                try {
                    c = Class.forName(name, false, OutputJsonTest.class.getClassLoader());
                } catch (Throwable e) {
                    continue;
                }
                if (Modifier.isAbstract(c.getModifiers()) || c.isInterface() || c.isEnum())
                    continue;
                if (fields(c).isEmpty()) continue;
                try {
                    c.getConstructor();
                } catch (NoSuchMethodException e) {
                    continue;
                }
                classes.add(c);
            }
        }
        return classes;
    }

    private static List<Field> fields(Class<?> c) {
        List<Field> fields = new ArrayList<>();
        for (Field f : c.getFields()) {
            int m = f.getModifiers();
            if (!Modifier.isStatic(m) && !Modifier.isFinal(m)) fields.add(f);
        }
        return fields;
    }

    @Test
    void everyRecordClassIsWrittenAsJacksonWritesIt() throws Exception {
        List<Class<?>> classes = writtenClasses();
        assertThat(classes).contains(FraudAlert.class, DeadLetter.class);
        Random random = new Random(42);
        int planned = 0;
        List<String> jacksons = new ArrayList<>();
        for (Class<?> c : classes) {
            Constructor<?> make = c.getConstructor();
            if (OutputJson.planned(c)) planned++;
            else jacksons.add(c.getSimpleName());
            for (int i = 0; i < PER_CLASS; i++) {
                Object value = make.newInstance();
                for (Field f : fields(c)) {
                    Object v = Values.of(f.getGenericType(), random, i);
                    if (v != Values.SKIP) f.set(value, v);
                }
                assertSame(value, c.getSimpleName() + " #" + i);
            }
        }
        System.out.printf(
                "OutputJsonTest: %d classes, %d written by the plan, by Jackson: %s%n",
                classes.size(), planned, jacksons);
    }

    /** The hot outputs never fall back to Jackson. */
    @Test
    void resultsDeadLettersAndWindowRowsHaveAPlan() throws Exception {
        assertThat(OutputJson.planned(FraudAlert.class)).isTrue();
        assertThat(OutputJson.planned(DeadLetter.class)).isTrue();
        assertThat(OutputJson.planned(Recommendation.class)).isTrue(); // a list of nested records
        assertThat(OutputJson.planned(Invoice.class)).isTrue();
        for (Class<?> c : writtenClasses()) {
            if (WindowRow.class.isAssignableFrom(c)) {
                assertThat(OutputJson.planned(c)).as(c.getName()).isTrue();
            }
        }
    }

    @Test
    void everyBmpCharacterAndEverySurrogateIsEscapedAsJacksonDoes() {
        DeadLetter d = new DeadLetter();
        for (int c = 0; c <= 0xFFFF; c++) {
            d.reason = "a" + (char) c + "b";
            d.raw = String.valueOf((char) c);
            assertSame(d, "U+" + Integer.toHexString(c));
        }
        d.reason = "😀 \uD83D\uDE00\uDE00\uD83D x\uD800";
        assertSame(d, "surrogates");
    }

    @Test
    void instantsAcrossTheWholeRange() {
        DeadLetter d = new DeadLetter();
        Random random = new Random(7);
        long[] edges = {
            0,
            -1,
            1,
            999,
            1000,
            -1000,
            -999,
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            -62135596800000L,
            -62135596800001L,
            -62167219200000L,
            -62167219200001L,
            253402300799999L,
            253402300800000L,
            951782400000L,
            4107542400000L
        };
        for (long ms : edges) {
            d.rejectedAt = ms;
            assertSame(d, "instant " + ms);
        }
        for (int i = 0; i < 200_000; i++) {
            d.rejectedAt =
                    switch (i % 3) {
                        case 0 -> random.nextLong();
                        case 1 -> random.nextLong() % 253402300800000L;
                        default -> 1_700_000_000_000L + random.nextInt() * 1000L + i % 1000;
                    };
            assertSame(d, "instant " + d.rejectedAt);
        }
    }

    /** A map with a null key: Jackson refuses it, and so does this writer (through Jackson). */
    @Test
    void whatThePlanCannotWriteIsJacksons() throws Exception {
        Holder h = new Holder();
        h.profile = new LinkedHashMap<>();
        h.profile.put("a", "1");
        h.profile.put(null, "2");
        assertSame(h, "null key");
        assertThat(jackson(h)).isInstanceOf(Class.class);
        h.profile.remove(null);
        h.amount = new BigDecimal("1E+3");
        assertSame(h, "map and big decimal");
        assertThat(OutputJson.planned(Holder.class)).isTrue();
        assertSame(null, "null");
        assertSame("text", "a string");
        assertSame(List.of(1, 2), "a list");
    }

    public static class Holder {
        public Map<String, String> profile;
        public BigDecimal amount;
        public List<Double> values = new ArrayList<>(List.of(1.0, Double.NaN));
        public float ratio = Float.NEGATIVE_INFINITY;
    }

    /** Random values by declared type, edge cases often. */
    static final class Values {
        static final Object SKIP = new Object();

        private static final String[] PIECES = {
            "",
            "a",
            "Madrid",
            "\"",
            "\\",
            "\u007F",
            "\u0080",
            "é",
            "ñ",
            "€",
            "\u2028",
            "\u2029",
            "\uFFFF",
            "\uFEFF",
            "😀",
            "\uD83D",
            "\uDE00",
            "中文",
            "/",
            "</script>",
            "\u0000",
            "'"
        };

        static Object of(Type type, Random r, int i) {
            boolean edge = i % 4 == 0;
            if (type == String.class) {
                if (r.nextInt(10) == 0) return null;
                return string(r);
            }
            if (type == long.class || type == Long.class) {
                if (type == Long.class && r.nextInt(8) == 0) return null;
                long[] edges = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, 1_705_314_900_000L};
                return edge
                        ? edges[r.nextInt(edges.length)]
                        : r.nextBoolean() ? r.nextLong() : 1_700_000_000_000L + r.nextInt();
            }
            if (type == int.class || type == Integer.class) {
                if (type == Integer.class && r.nextInt(8) == 0) return null;
                int[] edges = {0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, 100};
                return edge ? edges[r.nextInt(edges.length)] : r.nextInt();
            }
            if (type == double.class || type == Double.class) {
                if (type == Double.class && r.nextInt(8) == 0) return null;
                double[] edges = {
                    0.0,
                    -0.0,
                    Double.NaN,
                    Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY,
                    Double.MIN_VALUE,
                    Double.MAX_VALUE,
                    Double.MIN_NORMAL,
                    1e10,
                    1e7,
                    9999999.0,
                    1e-3,
                    0.001,
                    1e-4,
                    2e-3,
                    1e23,
                    123.45,
                    0.1 + 0.2,
                    -1e-300
                };
                if (edge) return edges[r.nextInt(edges.length)];
                return switch (r.nextInt(3)) {
                    case 0 -> Double.longBitsToDouble(r.nextLong());
                    case 1 -> Math.round(r.nextDouble() * 1e7) / 100.0;
                    default -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
                };
            }
            if (type == boolean.class) return r.nextBoolean();
            if (type == Boolean.class) return r.nextInt(3) == 0 ? null : r.nextBoolean();
            if (type instanceof Class<?> c && c.isEnum()) {
                Object[] constants = c.getEnumConstants();
                return r.nextInt(5) == 0 ? null : constants[r.nextInt(constants.length)];
            }
            if (type instanceof ParameterizedType p
                    && p.getRawType() == Map.class
                    && p.getActualTypeArguments()[0] == String.class
                    && p.getActualTypeArguments()[1] == String.class) {
                if (r.nextInt(6) == 0) return null;
                Map<String, String> m = new LinkedHashMap<>();
                int n = r.nextInt(4);
                for (int k = 0; k < n; k++) m.put(string(r), r.nextInt(5) == 0 ? null : string(r));
                return m;
            }
            if (type instanceof ParameterizedType p
                    && p.getRawType() == List.class
                    && p.getActualTypeArguments()[0] instanceof Class<?> c
                    && c.getName().startsWith("dev.flinkrecipes.")) {
                if (r.nextInt(6) == 0) return null;
                List<Object> list = new ArrayList<>();
                int n = r.nextInt(4);
                try {
                    for (int k = 0; k < n; k++) {
                        Object item = r.nextInt(8) == 0 ? null : c.getConstructor().newInstance();
                        if (item != null) {
                            for (Field f : fields(c)) {
                                Object v = of(f.getGenericType(), r, r.nextInt(4));
                                if (v != SKIP) f.set(item, v);
                            }
                        }
                        list.add(item);
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                return list;
            }
            return SKIP;
        }

        private static String string(Random r) {
            StringBuilder s = new StringBuilder();
            int n = r.nextInt(6);
            for (int k = 0; k < n; k++) {
                switch (r.nextInt(4)) {
                    case 0 -> s.append(PIECES[r.nextInt(PIECES.length)]);
                    case 1 -> s.append((char) r.nextInt(0x20)); // a control character
                    case 2 -> s.append((char) r.nextInt(0x10000)); // any code unit
                    default -> s.append("user_").append(r.nextInt(1000));
                }
            }
            return s.toString();
        }
    }
}
