package dev.flinkrecipes.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.core.serde.RecordParser;
import dev.flinkrecipes.transactions.ParsedTransaction;
import dev.flinkrecipes.transactions.ParsedTransactionParser;
import dev.flinkrecipes.transactions.ParsedTransactionsJob;
import dev.flinkrecipes.transactions.TransactionParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * Spark's Kafka columns (key, topic, partition, offset, timestamp) reach the parsers with every
 * record.
 */
class KafkaRawRecordsTest {
    private static final String VALUE =
            "{\"user_id\":\"u1\",\"amount\":12.5,\"location\":\"Madrid\",\"timestamp\":\"2024-01-15T10:30:00Z\"}";

    private static RawRecord read(byte[] key, long timestamp) {
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>(
                        "transacciones",
                        2,
                        41,
                        timestamp,
                        TimestampType.CREATE_TIME,
                        key == null ? -1 : key.length,
                        VALUE.length(),
                        key,
                        VALUE.getBytes(StandardCharsets.UTF_8),
                        new RecordHeaders(),
                        Optional.empty());
        List<RawRecord> out = new ArrayList<>();
        new KafkaRawRecords()
                .deserialize(
                        record,
                        new Collector<>() {
                            @Override
                            public void collect(RawRecord r) {
                                out.add(r);
                            }

                            @Override
                            public void close() {}
                        });
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void keepsKeyTopicPartitionOffsetAndTimestamp() throws Exception {
        RawRecord raw = read("user_1".getBytes(StandardCharsets.UTF_8), 1_772_355_600_123L);
        assertThat(raw.origin).isEqualTo("transacciones");
        assertThat(raw.partition).isEqualTo(2);
        assertThat(raw.offset).isEqualTo(41);
        assertThat(raw.keyText()).isEqualTo("user_1");
        assertThat(raw.timestamp).isEqualTo(1_772_355_600_123L);
        assertThat(raw.text()).isEqualTo(VALUE);

        ParsedTransaction row =
                new ParsedTransactionParser(
                                TransactionParser.requiring(ParsedTransactionsJob.REQUIRED))
                        .parse(raw);
        assertThat(row.userKey).isEqualTo("user_1");
        assertThat(row.kafkaTimestamp).isEqualTo(1_772_355_600_123L);
        assertThat(row.userId).isEqualTo("u1");
    }

    @Test
    void noKeyAndNoTimestampAreNull() throws Exception {
        RawRecord raw = read(null, ConsumerRecord.NO_TIMESTAMP);
        assertThat(raw.keyText()).isNull();
        assertThat(raw.hasTimestamp()).isFalse();
        ParsedTransaction row =
                new ParsedTransactionParser(
                                TransactionParser.requiring(ParsedTransactionsJob.REQUIRED))
                        .parse(raw);
        assertThat(row.userKey).isNull();
        assertThat(row.kafkaTimestamp).isNull();
    }

    @Test
    void aKeyThatIsNotUtf8IsDecodedWithReplacementCharacters() {
        RawRecord raw = read(new byte[] {'u', (byte) 0xFF}, 0);
        assertThat(raw.keyText()).isEqualTo("u\uFFFD");
        assertThat(raw.hasTimestamp()).as("0 is a timestamp, 1970-01-01").isTrue();
    }

    @Test
    void aParserOfTextOnlySeesTheValue() throws Exception {
        RecordParser<String> textOnly = text -> text;
        assertThat(textOnly.parse(read("k".getBytes(StandardCharsets.UTF_8), 5))).isEqualTo(VALUE);
    }
}
