package dev.flinkrecipes.transactions;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.core.serde.JsonRecord;
import dev.flinkrecipes.core.serde.JsonRecordParser;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads one transaction from JSON and validates it. Every known field is read when present ({@code
 * amount} a JSON number >= 0, {@code timestamp} ISO-8601 or epoch seconds, the others strings or
 * numbers as text, see {@link JsonFields}); unknown fields are ignored. Which fields must be there
 * is the job's choice ({@link #requiring}): a record needs only the fields its job uses, so the
 * documents' first schema ({@code user_id, amount, location, timestamp}, no {@code category}) feeds
 * every job that does not use {@code category}, and a job that does use it dead-letters a record
 * without it, naming the field.
 */
public final class TransactionParser extends JsonRecordParser<Transaction> {
    private static final long serialVersionUID = 1L;

    /** The fields of a transaction, in the order a record missing several is reported. */
    public enum Field {
        USER_ID("user_id"),
        AMOUNT("amount"),
        TIMESTAMP("timestamp"),
        CATEGORY("category"),
        LOCATION("location"),
        TRANSACTION_ID("transaction_id"),
        MERCHANT("merchant");

        public final String json;

        Field(String json) {
            this.json = json;
        }
    }

    private final EnumSet<Field> required;

    private TransactionParser(Set<Field> required) {
        this.required = required.isEmpty() ? EnumSet.noneOf(Field.class) : EnumSet.copyOf(required);
    }

    /**
     * A parser that dead-letters a record without one of {@code required} (absent, null or blank).
     */
    public static TransactionParser requiring(Field... required) {
        return new TransactionParser(Set.of(required));
    }

    public Set<Field> required() {
        return EnumSet.copyOf(required);
    }

    @Override
    protected Transaction read(JsonRecord record) throws InvalidRecordException {
        Transaction t = new Transaction();
        boolean[] seen = new boolean[2]; // amount, timestamp: present (0 is a valid value)
        JsonFields.readObject(
                record,
                (field, value) -> {
                    switch (field) {
                        case "transaction_id" -> t.transactionId = JsonFields.string(field, value);
                        case "user_id" -> t.userId = JsonFields.string(field, value);
                        case "amount" -> {
                            t.amount = JsonFields.number(field, value);
                            seen[0] = true;
                        }
                        case "merchant" -> t.merchant = JsonFields.repeatedString(field, value);
                        case "category" -> t.category = JsonFields.repeatedString(field, value);
                        case "timestamp" -> {
                            t.timestamp = JsonFields.timestamp(field, value);
                            seen[1] = true;
                        }
                        case "location" -> t.location = JsonFields.repeatedString(field, value);
                        default -> JsonFields.skip(value);
                    }
                });
        for (Field f : required) {
            boolean present =
                    switch (f) {
                        case USER_ID -> !isBlank(t.userId);
                        case AMOUNT -> seen[0];
                        case TIMESTAMP -> seen[1];
                        case CATEGORY -> !isBlank(t.category);
                        case LOCATION -> !isBlank(t.location);
                        case TRANSACTION_ID -> !isBlank(t.transactionId);
                        case MERCHANT -> !isBlank(t.merchant);
                    };
            if (!present) throw JsonFields.missing(f.json);
        }
        if (t.amount < 0) throw new InvalidRecordException("amount: must be >= 0, got " + t.amount);
        return t;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
