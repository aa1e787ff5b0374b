package dev.flinkrecipes.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.testing.ConsoleCapture;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.KafkaBroker;
import dev.flinkrecipes.testing.KafkaTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The documents' first pipeline against a real broker, reading the document's own topic {@code
 * transacciones}: each printed row carries the Kafka key as {@code user_key} and the Kafka record's
 * timestamp as {@code kafka_timestamp}; records in the documents' first schema (no category) are
 * rows, bad ones dead letters.
 */
class ParsedTransactionsKafkaIT {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @RegisterExtension
    static final KafkaBroker kafka =
            new KafkaBroker()
                    .topics(1, "transacciones", "transacciones.dlq", "parsed_transactions");

    @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

    /** The job over what the topic holds now (Spark's availableNow), as a user types it. */
    private static int readTransacciones(String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "parsed-transactions",
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--input-topic",
                                "transacciones",
                                "--starting-offsets",
                                "earliest",
                                "--bounded",
                                "--checkpoint-interval",
                                "300ms"));
        args.addAll(List.of(more));
        return Main.run(args.toArray(String[]::new));
    }

    private static final long T0 = Instant.parse("2026-03-01T09:00:00.123Z").toEpochMilli();

    @Test
    void printsEachRowWithTheKafkaKeyAndTimestamp() throws Exception {
        try (KafkaProducer<String, String> p = KafkaTopics.producer(kafka.bootstrapServers())) {
            send(
                    p,
                    "user_1",
                    T0,
                    "{\"user_id\":\"user_1\",\"amount\":12.5,\"location\":\"Madrid\","
                            + "\"timestamp\":\"2024-01-15T10:30:00\"}");
            // Spark's rate-source example: a numeric user id, epoch seconds; and no key
            send(
                    p,
                    null,
                    T0 + 1000,
                    "{\"user_id\":42,\"amount\":5000,\"location\":\"Sevilla\",\"timestamp\":1705314660}");
            // the catalogue's full record: the extra fields are ignored
            send(
                    p,
                    "user_3",
                    T0 + 2000,
                    "{\"transaction_id\":\"txn_3\",\"user_id\":\"user_3\",\"amount\":7.25,"
                        + "\"merchant\":\"Target\",\"category\":\"Gas\",\"location\":\"Valencia\","
                        + "\"timestamp\":\"2024-01-15T11:30:00+01:00\"}");
            send(
                    p,
                    "user_4",
                    T0 + 3000,
                    "{\"user_id\":\"user_4\",\"amount\":\"12.5\",\"location\":\"Madrid\","
                            + "\"timestamp\":\"2024-01-15T10:30:00Z\"}");
            send(
                    p,
                    "user_5",
                    T0 + 4000,
                    "{\"user_id\":\"user_5\",\"amount\":1,\"timestamp\":\"2024-01-15T10:30:00Z\"}");
        }

        assertThat(readTransacciones()).isZero();

        // as Spark's console shows them: cells cut at 20 characters
        List<List<String>> table = printedRows(console.out());
        assertThat(table.get(0))
                .containsExactly(
                        "user_key",
                        "user_id",
                        "amount",
                        "location",
                        "timestamp",
                        "kafka_timestamp");
        assertThat(table.subList(1, table.size()))
                .containsExactly(
                        List.of(
                                "user_1",
                                "user_1",
                                "12.5",
                                "Madrid",
                                "2024-01-15T10:30:00Z",
                                "2026-03-01T09:00:..."),
                        List.of(
                                "null",
                                "42",
                                "5000.0",
                                "Sevilla",
                                "2024-01-15T10:31:00Z",
                                "2026-03-01T09:00:..."),
                        List.of(
                                "user_3",
                                "user_3",
                                "7.25",
                                "Valencia",
                                "2024-01-15T10:30:00Z",
                                "2026-03-01T09:00:..."));

        // the same rows whole, written to Kafka keyed by user_key; bad records to transacciones.dlq
        assertThat(readTransacciones("--sink", "kafka")).isZero();
        List<ConsumerRecord<String, String>> rows =
                KafkaTopics.readCommitted(
                        kafka.bootstrapServers(),
                        "parsed_transactions",
                        r -> r.size() >= 3,
                        Duration.ofSeconds(30),
                        Duration.ofMillis(500));
        List<String> written = new ArrayList<>();
        for (ConsumerRecord<String, String> r : rows) written.add(r.key() + " " + r.value());
        assertThat(written)
                .containsExactly(
                        "user_1"
                            + " {\"user_key\":\"user_1\",\"user_id\":\"user_1\",\"amount\":12.5,\"location\":\"Madrid\","
                            + "\"timestamp\":\"2024-01-15T10:30:00Z\",\"kafka_timestamp\":\"2026-03-01T09:00:00.123Z\"}",
                        "null {\"user_key\":null,\"user_id\":\"42\",\"amount\":5000.0,\"location\":\"Sevilla\","
                            + "\"timestamp\":\"2024-01-15T10:31:00Z\",\"kafka_timestamp\":\"2026-03-01T09:00:01.123Z\"}",
                        "user_3"
                            + " {\"user_key\":\"user_3\",\"user_id\":\"user_3\",\"amount\":7.25,\"location\":\"Valencia\","
                            + "\"timestamp\":\"2024-01-15T10:30:00Z\",\"kafka_timestamp\":\"2026-03-01T09:00:02.123Z\"}");

        ObjectMapper json = new ObjectMapper();
        List<ConsumerRecord<String, String>> dlq =
                KafkaTopics.readCommitted(
                        kafka.bootstrapServers(),
                        "transacciones.dlq",
                        r -> r.size() >= 2,
                        Duration.ofSeconds(30),
                        Duration.ofMillis(500));
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, String> r : dlq) {
            JsonNode d = json.readTree(r.value());
            reasons.add(d.get("offset").asLong() + ": " + d.get("reason").asText());
        }
        assertThat(reasons)
                .containsExactly(
                        "3: amount: expected a number, got a string", "4: missing field location");
    }

    private static void send(
            KafkaProducer<String, String> p, String key, long timestamp, String value)
            throws Exception {
        p.send(new ProducerRecord<>("transacciones", null, timestamp, key, value)).get();
    }

    /**
     * The header and rows of every printed table, in order (one header: the column line of the
     * first batch).
     */
    private static List<List<String>> printedRows(String out) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.startsWith("|")) continue;
            List<String> cells = new ArrayList<>();
            for (String c : line.substring(1, line.length() - 1).split("\\|", -1))
                cells.add(c.strip());
            if (cells.get(0).equals("user_key") && !rows.isEmpty())
                continue; // the next batch's header
            rows.add(cells);
        }
        assertThat(rows).as("a table printed:\n%s", out).isNotEmpty();
        return rows;
    }
}
