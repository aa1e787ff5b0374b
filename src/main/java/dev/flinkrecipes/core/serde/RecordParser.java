package dev.flinkrecipes.core.serde;

import java.io.Serializable;

/** Turns one line of input into a typed, validated record, or says why it cannot. */
@FunctionalInterface
public interface RecordParser<T> extends Serializable {
    T parse(String text) throws InvalidRecordException;
}
