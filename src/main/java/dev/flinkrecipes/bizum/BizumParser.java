package dev.flinkrecipes.bizum;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.RecordParser;
import java.util.Locale;

/**
 * One line of a bizum CSV file: {@code Name;Amount;Concept}, no header. Names in any case are
 * lower-cased; amounts may be whole or decimal, with a point or a Spanish decimal comma ("12,50");
 * the concept is the rest of the line (it may contain ';'). Windows line ends and a byte-order mark
 * are tolerated, and the last line needs no newline (the file reader takes care of that).
 */
public final class BizumParser implements RecordParser<Bizum> {
    private static final long serialVersionUID = 1L;

    @Override
    public Bizum parse(String text) throws InvalidRecordException {
        if (text == null || text.isBlank()) throw new InvalidRecordException("empty record");
        String line = text.replace("\uFEFF", "").strip();
        String[] fields = line.split(";", 3);
        if (fields.length < 3)
            throw new InvalidRecordException(
                    "expected Name;Amount;Concept, got " + fields.length + " field(s)");
        String name = fields[0].strip().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) throw new InvalidRecordException("missing name");
        double amount;
        try {
            amount = Double.parseDouble(fields[1].strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("amount: not a number: '" + fields[1].strip() + "'");
        }
        if (!(amount >= 0) || Double.isInfinite(amount))
            throw new InvalidRecordException(
                    "amount: must be a number >= 0, got " + fields[1].strip());
        return new Bizum(name, amount, fields[2].strip());
    }
}
