package dev.flinkrecipes.core.serde;

/**
 * A parser of one JSON object per record, read by {@link JsonFields#readObject(JsonRecord,
 * JsonFields.FieldReader)}: from a record's bytes when it arrived as bytes (a file line, a Kafka
 * value), so that the input is not decoded to a String first; else from its text.
 */
public abstract class JsonRecordParser<T> implements RecordParser<T> {
    private static final long serialVersionUID = 1L;

    /** Reads one record's fields; what both entries below call. */
    protected abstract T read(JsonRecord record) throws InvalidRecordException;

    @Override
    public final T parse(String text) throws InvalidRecordException {
        return read(JsonRecord.of(text));
    }

    @Override
    public T parse(RawRecord raw) throws InvalidRecordException {
        return raw.bytes != null ? read(JsonRecord.ofUtf8(raw.bytes)) : parse(raw.text());
    }
}
