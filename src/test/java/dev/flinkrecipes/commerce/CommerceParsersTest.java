package dev.flinkrecipes.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkrecipes.applogs.AppLog;
import dev.flinkrecipes.applogs.AppLogParser;
import dev.flinkrecipes.core.serde.InvalidRecordException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The e-commerce event and application log parsers: the documents' schemas, validated. */
class CommerceParsersTest {
    static final String EVENT =
            "{\"event_id\":\"evt_000001\",\"timestamp\":\"2024-01-15T10:00:01\",\"user_id\":\"user_7\","
                + "\"event_type\":\"purchase\",\"product_id\":\"prod_3\",\"product_name\":\"Mouse\",\"category\":\"Accessories\","
                + "\"price\":19.99,\"quantity\":3}";

    /** The fields the document's schema declares nullable = False. */
    static final CommerceEventParser SCHEMA_NOT_NULL =
            CommerceEventParser.requiring(
                    CommerceEventParser.Field.EVENT_ID,
                    CommerceEventParser.Field.TIMESTAMP,
                    CommerceEventParser.Field.USER_ID,
                    CommerceEventParser.Field.EVENT_TYPE,
                    CommerceEventParser.Field.PRODUCT_ID);

    /**
     * A row of the document's rate-source stream as to_json writes it: numeric ids, no event_id,
     * name nor category.
     */
    static final String RATE_SOURCE_ROW =
            "{\"timestamp\":\"2024-01-15T10:00:01.000Z\",\"value\":7,\"user_id\":42,"
                + "\"event_type\":\"purchase\",\"product_id\":17,\"price\":1234.5,\"quantity\":2}";

    @Test
    void theStreamingJobsTakeTheDocumentsRateSourceRows() throws Exception {
        for (CommerceEventParser.Field[] fields :
                new CommerceEventParser.Field[][] {
                    EventStatsJob.REQUIRED, UserTotalsJob.REQUIRED, UserAnomaliesJob.REQUIRED
                }) {
            CommerceEvent e = CommerceEventParser.requiring(fields).parse(RATE_SOURCE_ROW);
            assertThat(e.userId).isEqualTo("42");
            assertThat(e.productId).isEqualTo("17");
            assertThat(e.eventId).isNull();
            assertThat(e.revenue()).isEqualTo(2469.0);
        }
        assertThatThrownBy(() -> SCHEMA_NOT_NULL.parse(RATE_SOURCE_ROW))
                .hasMessage("missing field event_id");
        assertThatThrownBy(
                        () ->
                                CommerceEventParser.requiring(EcommerceReportJob.REQUIRED)
                                        .parse(RATE_SOURCE_ROW))
                .hasMessage("missing field product_name");
        assertThatThrownBy(
                        () ->
                                CommerceEventParser.requiring(EventStatsJob.REQUIRED)
                                        .parse("{\"timestamp\":1705312801}"))
                .hasMessage("missing field event_type");
    }

    @Test
    void requiringOnlyReadsTheRequiredTextFieldsAndStillTheNumbers() throws Exception {
        CommerceEventParser pruned = CommerceEventParser.requiringOnly(UserTotalsJob.REQUIRED);
        CommerceEvent e = pruned.parse(EVENT);
        assertThat(e.userId).isEqualTo("user_7");
        assertThat(e.eventType).isEqualTo("purchase");
        assertThat(e.timestamp).isEqualTo(Instant.parse("2024-01-15T10:00:01Z").toEpochMilli());
        assertThat(e.revenue()).isCloseTo(59.97, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(e.eventId).isNull();
        assertThat(e.productId).isNull();
        assertThat(e.productName).isNull();
        assertThat(e.category).isNull();

        // A field the job does not read cannot fail its record; one it reads still does, and the
        // record must still be well-formed JSON.
        String oddCategory = EVENT.replace("\"Accessories\"", "{\"nested\":[1,2]}");
        assertThat(pruned.parse(oddCategory).userId).isEqualTo("user_7");
        assertThatThrownBy(
                        () ->
                                CommerceEventParser.requiring(UserTotalsJob.REQUIRED)
                                        .parse(oddCategory))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("category");
        assertThatThrownBy(() -> pruned.parse(EVENT.replace("\"purchase\"", "\"buy\"")))
                .hasMessageStartingWith("event_type");
        assertThatThrownBy(() -> pruned.parse(EVENT.substring(0, EVENT.length() - 1)))
                .isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void readsAnEvent() throws Exception {
        CommerceEvent e = SCHEMA_NOT_NULL.parse(EVENT);
        assertThat(e.eventId).isEqualTo("evt_000001");
        assertThat(e.timestamp).isEqualTo(Instant.parse("2024-01-15T10:00:01Z").toEpochMilli());
        assertThat(e.eventType).isEqualTo("purchase");
        assertThat(e.productName).isEqualTo("Mouse");
        assertThat(e.revenue()).isCloseTo(59.97, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(e.quantity).isEqualTo(3);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "`{}`                                                           | missing field"
                        + " event_id",
                "`{\"event_id\":\"e\"}`                                         | missing field"
                        + " timestamp",
                "`{\"event_id\":\"e\",\"timestamp\":\"2024-01-15T10:00:00Z\"}`   | missing field"
                        + " user_id",
                "`{\"event_id\":\"e\",\"timestamp\":\"2024-01-15T10:00:00Z\",\"user_id\":\"u\",\"event_type\":\"click\",\"product_id\":\"p\"}`"
                    + " | event_type: 'click' is not one of",
                "`{\"event_id\":\"e\",\"timestamp\":\"2024-01-15T10:00:00Z\",\"user_id\":\"u\",\"event_type\":\"view\"}`"
                    + " | missing field product_id",
                "`{\"event_id\":\"e\",\"timestamp\":\"2024-01-15T10:00:00Z\",\"user_id\":\"u\",\"event_type\":\"view\",\"product_id\":\"p\",\"quantity\":1.5}`"
                    + " | quantity: must be a whole number",
                "`{\"event_id\":\"e\",\"timestamp\":\"2024-01-15T10:00:00Z\",\"user_id\":\"u\",\"event_type\":\"view\",\"product_id\":\"p\",\"price\":-1}`"
                    + " | price: must be >= 0",
                "`{\"event_id\":\"e\",\"timestamp\":\"2024-01-15T10:00:00Z\",\"user_id\":\"u\",\"event_type\":\"view\",\"product_id\":\"p\",\"price\":\"9.99\"}`"
                    + " | price: expected a number, got a string",
            })
    void rejectsBadEvents(String line, String reason) {
        assertThatThrownBy(() -> SCHEMA_NOT_NULL.parse(line))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void optionalEventFieldsDefault() throws Exception {
        CommerceEvent e =
                SCHEMA_NOT_NULL.parse(
                        "{\"event_id\":\"e\",\"timestamp\":\"2024-01-15T10:00:00Z\",\"user_id\":\"u\",\"event_type\":\"view\",\"product_id\":\"p\"}");
        assertThat(e.price).isZero();
        assertThat(e.quantity).isZero();
        assertThat(e.productName).isNull();
    }

    @ParameterizedTest(name = "level {0} -> {1}")
    @CsvSource({
        "ERROR, ERROR",
        "error, ERROR",
        "Warning, WARN",
        "warn, WARN",
        "INFO, INFO",
        "debug, DEBUG"
    })
    void normalisesLevels(String level, String expected) throws Exception {
        AppLog log =
                new AppLogParser()
                        .parse(
                                "{\"timestamp\":\"2024-01-15T10:00:00Z\",\"level\":\""
                                        + level
                                        + "\",\"service\":\"auth\"}");
        assertThat(log.level).isEqualTo(expected);
        assertThat(log.errorCode).isNull();
        assertThat(log.userId).isNull();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "`{\"level\":\"INFO\",\"service\":\"a\"}`                                         "
                        + " | missing field timestamp",
                "`{\"timestamp\":\"2024-01-15T10:00:00Z\",\"service\":\"a\"}`                     "
                        + " | missing field level",
                "`{\"timestamp\":\"2024-01-15T10:00:00Z\",\"level\":\"INFO\"}`                    "
                        + " | missing field service",
                "`{\"timestamp\":\"2024-01-15T10:00:00Z\",\"level\":\"FATAL\",\"service\":\"a\"}` "
                        + " | level: 'FATAL' is not one of",
                "`{\"timestamp\":\"2024-01-15T10:00:00Z\",\"level\":\"ERROR\",\"service\":\"a\",\"error_code\":\"500\"}`"
                    + " | error_code: expected a number",
                "`{\"timestamp\":\"2024-01-15T10:00:00Z\",\"level\":\"ERROR\",\"service\":\"a\",\"error_code\":5.5}`"
                    + " | error_code: must be an integer",
            })
    void rejectsBadLogs(String line, String reason) {
        assertThatThrownBy(() -> new AppLogParser().parse(line))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void readsAnErrorLog() throws Exception {
        AppLog log =
                new AppLogParser()
                        .parse(
                                "{\"timestamp\":\"2024-01-15T10:00:00Z\",\"level\":\"ERROR\",\"service\":\"payments\","
                                    + "\"message\":\"boom\",\"error_code\":503,\"user_id\":null}");
        assertThat(log.errorCode).isEqualTo(503);
        assertThat(log.message).isEqualTo("boom");
        assertThat(log.userId).isNull();
    }
}
