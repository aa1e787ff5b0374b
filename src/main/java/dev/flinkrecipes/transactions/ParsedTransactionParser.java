package dev.flinkrecipes.transactions;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.core.serde.RecordParser;

/**
 * The value read by the shared {@link TransactionParser} (the documents' first schema: {@code
 * user_id, amount, location, timestamp}), with the Kafka metadata beside it, as the document
 * selects it from Spark's Kafka source: {@code CAST(key AS STRING) AS user_key} and {@code
 * timestamp AS kafka_timestamp}.
 */
public final class ParsedTransactionParser implements RecordParser<ParsedTransaction> {
    private static final long serialVersionUID = 1L;

    private final TransactionParser value;

    public ParsedTransactionParser(TransactionParser value) {
        this.value = value;
    }

    /** A line of text (a file, a socket, the generator) has no key and no Kafka timestamp. */
    @Override
    public ParsedTransaction parse(String text) throws InvalidRecordException {
        return new ParsedTransaction(null, value.parse(text), null);
    }

    @Override
    public ParsedTransaction parse(RawRecord raw) throws InvalidRecordException {
        return new ParsedTransaction(
                raw.keyText(), value.parse(raw), raw.hasTimestamp() ? raw.timestamp : null);
    }
}
