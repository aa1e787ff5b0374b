package dev.flinkrecipes.core.serde;

/**
 * Plain text input: each line as it is. Only a missing value (a Kafka tombstone) is a dead letter.
 */
public final class TextLines implements RecordParser<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String parse(String text) throws InvalidRecordException {
        if (text == null) throw new InvalidRecordException("empty record");
        return text;
    }
}
