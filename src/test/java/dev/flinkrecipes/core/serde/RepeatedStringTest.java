package dev.flinkrecipes.core.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.transactions.Transaction;
import dev.flinkrecipes.transactions.TransactionParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A field of few distinct values read by {@link JsonFields#repeatedString} comes back as one
 * instance each time it repeats, from text or bytes, and with its exact content whatever it is.
 */
class RepeatedStringTest {
    private static final TransactionParser PARSER = TransactionParser.requiring();

    private static Transaction fromBytes(String json) throws InvalidRecordException {
        return PARSER.parse(RawRecord.fileLine(json.getBytes(StandardCharsets.UTF_8), "f", 1));
    }

    private static String record(String location) {
        return "{\"user_id\":\"u" + System.nanoTime() + "\",\"location\":" + location + "}";
    }

    @Test
    void aRepeatedValueIsOneInstance() throws Exception {
        Transaction a = fromBytes(record("\"Barcelona\""));
        Transaction b = fromBytes(record("\"Barcelona\""));
        Transaction c = PARSER.parse(record("\"Barcelona\""));
        assertThat(a.location).isEqualTo("Barcelona").isSameAs(b.location).isSameAs(c.location);
        // a value of the same hash is still itself ("Aa" and "BB" share one)
        assertThat(fromBytes(record("\"Aa\"")).location).isEqualTo("Aa");
        assertThat(fromBytes(record("\"BB\"")).location).isEqualTo("BB");
        assertThat(fromBytes(record("\"Aa\"")).location).isEqualTo("Aa");
        // the user ids (read by JsonFields.string) are copies
        assertThat(a.userId).isNotSameAs(b.userId);
    }

    @Test
    void valuesThatAreNotCachedKeepTheirContent() throws Exception {
        assertThat(fromBytes(record("\"Bar\\u0063elona\"")).location).isEqualTo("Barcelona");
        assertThat(fromBytes(record("\"Málaga\"")).location).isEqualTo("Málaga");
        assertThat(PARSER.parse(record("\"lone \uD800 ?\"")).location).isEqualTo("lone \uD800 ?");
        assertThat(PARSER.parse(record("\"lone ? ?\"")).location).isEqualTo("lone ? ?");
        String longValue = "x".repeat(5_000);
        assertThat(fromBytes(record("\"" + longValue + "\"")).location).isEqualTo(longValue);
        assertThat(fromBytes(record("42")).location).isEqualTo("42");
        assertThat(fromBytes(record("null")).location).isNull();
    }
}
