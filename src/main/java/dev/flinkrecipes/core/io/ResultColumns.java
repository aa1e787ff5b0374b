package dev.flinkrecipes.core.io;

import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;
import dev.flinkrecipes.core.serde.Json;
import dev.flinkrecipes.core.windows.WindowRow;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

/**
 * The columns of a result class as its JSON has them: the same names ({@code window_start}), the
 * same order, a timestamp where the JSON writes an ISO instant, and a nested value (a list, a map)
 * as its JSON text. The CSV and Parquet files are Flink's own formats over these rows ({@link
 * RowData}), so the file formats never name a field.
 */
public final class ResultColumns<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What a column holds, and how its value reaches a row. */
    enum Kind {
        STRING,
        LONG,
        INT,
        DOUBLE,
        FLOAT,
        BOOLEAN,
        TIMESTAMP,
        JSON
    }

    private record Column(String name, String javaField, Kind kind, boolean nullable)
            implements Serializable {}

    private final Class<T> type;
    private final List<Column> columns;
    private transient Field[] fields;
    private transient ObjectMapper json;

    private ResultColumns(Class<T> type, List<Column> columns) {
        this.type = type;
        this.columns = columns;
    }

    /**
     * The columns of {@code type} as append mode writes it (a window row without {@code batch} and
     * {@code final}).
     */
    public static <T> ResultColumns<T> of(Class<T> type) {
        return of(type, false);
    }

    /**
     * The columns of {@code type}, read from the project's JSON mapping (the serializer Jackson
     * builds for it). {@code earlyRows}: update and complete modes, whose window rows add {@code
     * batch} and {@code final} (append mode's JSON leaves them out, and so do its files).
     */
    public static <T> ResultColumns<T> of(Class<T> type, boolean earlyRows) {
        ObjectMapper mapper = Json.newMapper();
        JsonSerializer<Object> serializer;
        try {
            serializer = mapper.getSerializerProviderInstance().findValueSerializer(type);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "no JSON mapping for " + type.getName() + ": " + e.getMessage(), e);
        }
        List<Column> columns = new ArrayList<>();
        for (Iterator<PropertyWriter> it = serializer.properties(); it.hasNext(); ) {
            PropertyWriter p = it.next();
            if (!(p instanceof BeanPropertyWriter bean)
                    || !(bean.getMember().getMember() instanceof Field f)) {
                throw new IllegalArgumentException(
                        type.getSimpleName() + "." + p.getName() + " is not a public field");
            }
            if (!earlyRows
                    && f.getDeclaringClass() == WindowRow.class
                    && !f.getName().startsWith("window")) continue;
            Class<?> raw = f.getType();
            boolean iso = (Object) bean.getSerializer() instanceof IsoInstantSerializer;
            Kind kind =
                    iso || raw == Instant.class
                            ? Kind.TIMESTAMP
                            : raw == String.class
                                    ? Kind.STRING
                                    : raw == long.class || raw == Long.class
                                            ? Kind.LONG
                                            : raw == int.class || raw == Integer.class
                                                    ? Kind.INT
                                                    : raw == double.class || raw == Double.class
                                                            ? Kind.DOUBLE
                                                            : raw == float.class
                                                                            || raw == Float.class
                                                                    ? Kind.FLOAT
                                                                    : raw == boolean.class
                                                                                    || raw
                                                                                            == Boolean
                                                                                                    .class
                                                                            ? Kind.BOOLEAN
                                                                            : Kind.JSON;
            columns.add(new Column(p.getName(), f.getName(), kind, !raw.isPrimitive()));
        }
        return new ResultColumns<>(type, List.copyOf(columns));
    }

    public Class<T> type() {
        return type;
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /**
     * The row type of the files. {@code timestampsAsText}: a timestamp column is the ISO text the
     * JSON has (CSV) rather than a timestamp (Parquet: {@code TIMESTAMP(3)} adjusted to UTC, which
     * readers show as an instant).
     */
    public RowType rowType(boolean timestampsAsText) {
        List<RowType.RowField> fields = new ArrayList<>();
        for (Column c : columns) {
            LogicalType t =
                    switch (c.kind) {
                        case STRING, JSON -> new VarCharType(VarCharType.MAX_LENGTH);
                        case LONG -> new BigIntType();
                        case INT -> new IntType();
                        case DOUBLE -> new DoubleType();
                        case FLOAT -> new FloatType();
                        case BOOLEAN -> new BooleanType();
                        case TIMESTAMP ->
                                timestampsAsText
                                        ? new VarCharType(VarCharType.MAX_LENGTH)
                                        : new LocalZonedTimestampType(3);
                    };
            fields.add(new RowType.RowField(c.name, t.copy(c.nullable)));
        }
        return new RowType(false, fields);
    }

    /**
     * The index of the timestamp column {@code name}, or a message naming the timestamp columns
     * there are.
     */
    public int timestampColumn(String name, String option) {
        List<String> timestamps =
                columns.stream().filter(c -> c.kind == Kind.TIMESTAMP).map(Column::name).toList();
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).name.equals(name)) continue;
            if (columns.get(i).kind == Kind.TIMESTAMP) return i;
            throw new IllegalArgumentException(
                    option
                            + " "
                            + name
                            + ": not a timestamp field of "
                            + type.getSimpleName()
                            + choices(timestamps));
        }
        throw new IllegalArgumentException(
                option
                        + " "
                        + name
                        + ": no such field in "
                        + type.getSimpleName()
                        + " ("
                        + String.join(", ", names())
                        + ")"
                        + choices(timestamps));
    }

    private static String choices(List<String> timestamps) {
        return timestamps.isEmpty()
                ? "; it has no timestamp field to partition by"
                : "; choose one of " + String.join(", ", timestamps);
    }

    /**
     * The epoch milliseconds of timestamp column {@code index} of {@code value}; null if it has
     * none.
     */
    public Long epochMillis(T value, int index) {
        Object v = get(value, index);
        return v == null
                ? null
                : v instanceof Instant i ? i.toEpochMilli() : ((Number) v).longValue();
    }

    /**
     * {@code value} as a row of {@link #rowType}: the values the JSON has, in Flink's internal data
     * structures.
     */
    public RowData toRow(T value, boolean timestampsAsText) {
        GenericRowData row = new GenericRowData(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Object v = get(value, i);
            if (v == null) continue;
            row.setField(
                    i,
                    switch (columns.get(i).kind) {
                        case STRING -> StringData.fromString((String) v);
                        case JSON -> StringData.fromString(jsonText(v));
                        case TIMESTAMP -> {
                            Instant instant =
                                    v instanceof Instant in
                                            ? in
                                            : Instant.ofEpochMilli(((Number) v).longValue());
                            yield timestampsAsText
                                    ? StringData.fromString(instant.toString())
                                    : TimestampData.fromInstant(instant);
                        }
                        default -> v; // boxed numbers and booleans are their own internal form
                    });
        }
        return row;
    }

    private Object get(T value, int index) {
        try {
            return fields()[index].get(value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private Field[] fields() {
        if (fields == null) {
            Field[] f = new Field[columns.size()];
            try {
                for (int i = 0; i < f.length; i++) f[i] = type.getField(columns.get(i).javaField);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
            fields = f;
        }
        return fields;
    }

    private String jsonText(Object v) {
        if (json == null) json = Json.newMapper();
        try {
            return json.writeValueAsString(v);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot write " + v.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
