package dev.flinkrecipes.core.serde;

import java.io.Serializable;

/** Turns one line of input into a typed, validated record, or says why it cannot. */
@FunctionalInterface
public interface RecordParser<T> extends Serializable {
    T parse(String text) throws InvalidRecordException;

    /**
     * Parses a record as it arrived: what the parse step calls. By default its text only; a parser
     * that wants the Kafka metadata (key, topic, partition, offset, timestamp, as Spark's Kafka
     * source has them) overrides this.
     */
    default T parse(RawRecord raw) throws InvalidRecordException {
        return parse(raw.text());
    }
}
