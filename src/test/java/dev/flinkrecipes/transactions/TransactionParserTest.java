package dev.flinkrecipes.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransactionParserTest {
    /**
     * The parser as category-analytics configures it: every field the catalogue's jobs key or count
     * on.
     */
    private final TransactionParser parser =
            TransactionParser.requiring(CategoryAnalyticsJob.REQUIRED);

    private static final String VALID =
            "{\"transaction_id\":\"txn_1\",\"user_id\":\"user_7\",\"amount\":5000.00,"
                + "\"merchant\":\"Amazon\",\"category\":\"Electronics\",\"timestamp\":\"2024-01-15T10:30:00Z\",\"location\":\"Madrid\"}";

    @Test
    void readsEveryField() throws Exception {
        Transaction t = parser.parse(VALID);
        assertThat(t.transactionId).isEqualTo("txn_1");
        assertThat(t.userId).isEqualTo("user_7");
        assertThat(t.amount).isEqualTo(5000.00);
        assertThat(t.merchant).isEqualTo("Amazon");
        assertThat(t.category).isEqualTo("Electronics");
        assertThat(t.timestamp).isEqualTo(Instant.parse("2024-01-15T10:30:00Z").toEpochMilli());
        assertThat(t.location).isEqualTo("Madrid");
    }

    @Test
    void ignoresUnknownFieldsAndNestedValues() throws Exception {
        Transaction t =
                parser.parse(
                        VALID.replace("}", ",\"extra\":{\"a\":[1,2,{\"b\":null}]},\"x\":true}"));
        assertThat(t.userId).isEqualTo("user_7");
    }

    @Test
    void optionalFieldsMayBeAbsent() throws Exception {
        Transaction t =
                parser.parse(
                        "{\"user_id\":\"u\",\"amount\":10,\"category\":\"Gas\","
                            + "\"timestamp\":\"2024-01-15T10:30:00\",\"location\":\"Sevilla\"}");
        assertThat(t.transactionId).isNull();
        assertThat(t.merchant).isNull();
        assertThat(t.amount).isEqualTo(10.0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2024-01-15T10:30:00Z            | 2024-01-15T10:30:00Z",
                "2024-01-15T10:30:00.123456      | 2024-01-15T10:30:00.123Z",
                "2024-01-15 10:30:00             | 2024-01-15T10:30:00Z",
                "2024-01-15T11:30:00+01:00       | 2024-01-15T10:30:00Z",
                "2024-01-15T05:30:00-05:00       | 2024-01-15T10:30:00Z",
            })
    void acceptsIsoTimestampsWithOrWithoutOffset(String given, String expected) throws Exception {
        Transaction t = parser.parse(VALID.replace("2024-01-15T10:30:00Z", given));
        assertThat(Instant.ofEpochMilli(t.timestamp)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "``                                                   | empty record",
                "`   `                                                | empty record",
                "not json                                             | invalid JSON",
                "[1,2]                                                | not a JSON object",
                "`{\"user_id\":\"u\"`                                 | invalid JSON",
                "`{\"user_id\":\"u\"} trailing`                       | invalid JSON",
                "`{\"amount\":1,\"timestamp\":\"2024-01-15T10:30:00Z\",\"category\":\"Gas\",\"location\":\"M\"}`"
                    + " | missing field user_id",
                "`{\"user_id\":\"u\",\"timestamp\":\"2024-01-15T10:30:00Z\",\"category\":\"Gas\",\"location\":\"M\"}`"
                    + " | missing field amount",
                "`{\"user_id\":\"u\",\"amount\":1,\"category\":\"Gas\",\"location\":\"M\"}` |"
                        + " missing field timestamp",
                "`{\"user_id\":\"u\",\"amount\":1,\"timestamp\":\"2024-01-15T10:30:00Z\",\"location\":\"M\"}`"
                    + " | missing field category",
                "`{\"user_id\":\"u\",\"amount\":1,\"timestamp\":\"2024-01-15T10:30:00Z\",\"category\":\"Gas\"}`"
                    + " | missing field location",
                "`{\"user_id\":\"u\",\"amount\":\"12.5\",\"timestamp\":\"2024-01-15T10:30:00Z\",\"category\":\"Gas\",\"location\":\"M\"}`"
                    + " | amount: expected a number, got a string",
                "`{\"user_id\":true,\"amount\":1,\"timestamp\":\"2024-01-15T10:30:00Z\",\"category\":\"Gas\",\"location\":\"M\"}`"
                    + " | user_id: expected a string, got a boolean",
                "`{\"user_id\":\"u\",\"amount\":\"abc\",\"timestamp\":\"2024-01-15T10:30:00Z\",\"category\":\"Gas\",\"location\":\"M\"}`"
                    + " | amount: expected a number, got a string",
                "`{\"user_id\":\"u\",\"amount\":1,\"timestamp\":1705314600.5,\"category\":\"Gas\",\"location\":\"M\"}`"
                    + " | timestamp: epoch seconds must be a whole number",
                "`{\"user_id\":\"u\",\"amount\":1,\"timestamp\":\"1705314600\",\"category\":\"Gas\",\"location\":\"M\"}`"
                    + " | timestamp: not an ISO-8601 timestamp",
                "`{\"user_id\":\"u\""
                    + " \"amount\":1,\"timestamp\":\"2024-01-15T10:30:00Z\",\"category\":\"Gas\",\"location\":\"M\"}`"
                    + " | invalid JSON",
                "`{\"user_id\":\"u\",\"amount\":null,\"timestamp\":\"2024-01-15T10:30:00Z\",\"category\":\"Gas\",\"location\":\"M\"}`"
                    + " | amount: expected a number, got null",
                "`{\"user_id\":\"u\",\"amount\":-5,\"timestamp\":\"2024-01-15T10:30:00Z\",\"category\":\"Gas\",\"location\":\"M\"}`"
                    + " | amount: must be >= 0",
                "`{\"user_id\":\"u\",\"amount\":1,\"timestamp\":\"yesterday\",\"category\":\"Gas\",\"location\":\"M\"}`"
                    + " | timestamp: not an ISO-8601 timestamp",
                "`{\"user_id\":\"u\",\"amount\":1,\"timestamp\":1705314600000000,\"category\":\"Gas\",\"location\":\"M\"}`"
                    + " | timestamp: 1705314600000000 is outside the years 0001 to 9999",
                "`{\"user_id\":\"\",\"amount\":1,\"timestamp\":\"2024-01-15T10:30:00Z\",\"category\":\"Gas\",\"location\":\"M\"}`"
                    + " | missing field user_id",
            })
    void rejectsWithAPreciseReason(String line, String reason) {
        assertThatThrownBy(() -> parser.parse(line))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void nullLineIsAnEmptyRecord() {
        assertThatThrownBy(() -> parser.parse((String) null)).hasMessage("empty record");
    }

    /**
     * The documents' first schema, as Spark's rate-source example writes it: user_id a number, no
     * category.
     */
    private static final String FIRST_SCHEMA =
            "{\"user_id\":42,\"amount\":12.5,\"location\":\"Madrid\","
                    + "\"timestamp\":\"2024-01-15T10:30:00\"}";

    @Test
    void aJobThatDoesNotUseCategoryTakesTheDocumentsFirstSchema() throws Exception {
        for (TransactionParser.Field[] fields :
                new TransactionParser.Field[][] {
                    TransactionAnalyticsJob.REQUIRED,
                    SuspiciousTransactionsJob.REQUIRED,
                    UserSpendingJob.REQUIRED
                }) {
            Transaction t = TransactionParser.requiring(fields).parse(FIRST_SCHEMA);
            assertThat(t.userId).isEqualTo("42");
            assertThat(t.amount).isEqualTo(12.5);
            assertThat(t.location).isEqualTo("Madrid");
            assertThat(t.timestamp).isEqualTo(Instant.parse("2024-01-15T10:30:00Z").toEpochMilli());
            assertThat(t.category).isNull();
            assertThat(t.transactionId).isNull();
        }
    }

    @Test
    void aJobThatUsesCategoryDeadLettersARecordWithoutIt() {
        assertThatThrownBy(
                        () ->
                                TransactionParser.requiring(CategoryAnalyticsJob.REQUIRED)
                                        .parse(FIRST_SCHEMA))
                .hasMessage("missing field category");
        assertThatThrownBy(
                        () ->
                                TransactionParser.requiring(FraudDetectionJob.REQUIRED)
                                        .parse(FIRST_SCHEMA))
                .hasMessage("missing field category");
    }

    @Test
    void eachJobRequiresExactlyTheFieldsItUses() {
        assertThat(TransactionParser.requiring(TransactionAnalyticsJob.REQUIRED).required())
                .extracting(f -> f.json)
                .containsExactly("amount", "timestamp", "location");
        assertThat(TransactionParser.requiring(UserSpendingJob.REQUIRED).required())
                .extracting(f -> f.json)
                .containsExactly("user_id", "amount", "timestamp");
        assertThat(TransactionParser.requiring(SuspiciousTransactionsJob.REQUIRED).required())
                .extracting(f -> f.json)
                .containsExactly("user_id", "amount", "timestamp", "location");
        assertThatThrownBy(
                        () ->
                                TransactionParser.requiring(UserSpendingJob.REQUIRED)
                                        .parse(
                                                "{\"user_id\":\"u\",\"location\":\"Madrid\",\"timestamp\":\"2024-01-15T10:30:00Z\"}"))
                .hasMessage("missing field amount");
        assertThatThrownBy(
                        () ->
                                TransactionParser.requiring(TransactionAnalyticsJob.REQUIRED)
                                        .parse(
                                                "{\"user_id\":\"u\",\"amount\":1,\"timestamp\":\"2024-01-15T10:30:00Z\"}"))
                .hasMessage("missing field location");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "`\"2024-01-15T10:30:00Z\"`       | 2024-01-15T10:30:00Z",
                "`\"2024-01-15T10:30:00\"`        | 2024-01-15T10:30:00Z",
                "`\"2024-01-15T12:30:00+02:00\"`  | 2024-01-15T10:30:00Z",
                "1705314600                       | 2024-01-15T10:30:00Z",
            })
    void timestampsAsSparkReadsThem(String json, String expected) throws Exception {
        Transaction t = parser.parse(VALID.replace("\"2024-01-15T10:30:00Z\"", json));
        assertThat(Instant.ofEpochMilli(t.timestamp)).isEqualTo(Instant.parse(expected));
    }

    /** As Spark's from_json gives them (see JsonFieldsTest). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "42     | 42",
                "42.0   | 42.0",
                "1e3    | 1000.0",
                "-0     | 0",
            })
    void aNumericUserIdIsItsTextAsSparkGivesIt(String json, String userId) throws Exception {
        assertThat(parser.parse(VALID.replace("\"user_7\"", json)).userId).isEqualTo(userId);
    }
}
