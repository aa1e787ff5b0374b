package dev.flinkrecipes.transactions;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.JsonFields;
import dev.flinkrecipes.core.serde.RecordParser;

/**
 * Reads one transaction from JSON and validates it. Required: {@code user_id}, {@code amount} (a JSON
 * number >= 0), {@code timestamp} (ISO-8601), {@code category} and {@code location} (the jobs' keys);
 * {@code transaction_id} and {@code merchant} are carried when present. Unknown fields are ignored.
 */
public final class TransactionParser implements RecordParser<Transaction> {
    private static final long serialVersionUID = 1L;

    @Override
    public Transaction parse(String text) throws InvalidRecordException {
        Transaction t = new Transaction();
        boolean[] seen = new boolean[2]; // amount, timestamp: present (0 is a valid value)
        JsonFields.readObject(text, (field, value) -> {
            switch (field) {
                case "transaction_id" -> t.transactionId = JsonFields.string(field, value);
                case "user_id" -> t.userId = JsonFields.string(field, value);
                case "amount" -> {
                    t.amount = JsonFields.number(field, value);
                    seen[0] = true;
                }
                case "merchant" -> t.merchant = JsonFields.string(field, value);
                case "category" -> t.category = JsonFields.string(field, value);
                case "timestamp" -> {
                    t.timestamp = JsonFields.timestamp(field, value);
                    seen[1] = true;
                }
                case "location" -> t.location = JsonFields.string(field, value);
                default -> JsonFields.skip(value);
            }
        });
        if (isBlank(t.userId)) throw JsonFields.missing("user_id");
        if (!seen[0]) throw JsonFields.missing("amount");
        if (!seen[1]) throw JsonFields.missing("timestamp");
        if (isBlank(t.category)) throw JsonFields.missing("category");
        if (isBlank(t.location)) throw JsonFields.missing("location");
        if (t.amount < 0) throw new InvalidRecordException("amount: must be >= 0, got " + t.amount);
        return t;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
