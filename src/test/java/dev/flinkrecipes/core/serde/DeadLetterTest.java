package dev.flinkrecipes.core.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.core.options.SourceKind;
import dev.flinkrecipes.testing.JsonlFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A dead letter, as the sinks write it: where the record came from (Kafka topic/partition/offset,
 * or file and line), the record's exact bytes when they fit (base64 when they are not UTF-8), its
 * length and SHA-256 always, and never more than {@link DeadLetter#MAX_JSON_BYTES} whatever the
 * record, the reason or the file name.
 */
class DeadLetterTest {
    private static final JsonLines<DeadLetter> JSON = new JsonLines<>();

    private static JsonNode written(DeadLetter d) {
        byte[] json = JSON.serialize(d);
        assertThat(json.length)
                .as("serialized size")
                .isLessThanOrEqualTo(DeadLetter.MAX_JSON_BYTES);
        return JsonlFiles.parse(new String(json, StandardCharsets.UTF_8));
    }

    private static JsonNode kafka(byte[] value) {
        return written(new DeadLetter("job", "bad", RawRecord.kafka(value, "in", 3, 77), 0));
    }

    /** The original bytes as the README says to recover them, or their first part when cut. */
    private static byte[] recovered(JsonNode d) {
        return d.has("raw_base64")
                ? Base64.getDecoder().decode(d.get("raw_base64").asText())
                : d.get("raw").asText().getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aKafkaRecordNamesTopicPartitionOffsetAndKeepsItsText() throws Exception {
        byte[] value = "{\"user_id\":\"ü\"}".getBytes(StandardCharsets.UTF_8);
        JsonNode d = kafka(value);
        assertThat(d.get("topic").asText()).isEqualTo("in");
        assertThat(d.get("partition").asInt()).isEqualTo(3);
        assertThat(d.get("offset").asLong()).isEqualTo(77);
        assertThat(d.has("file") || d.has("line") || d.has("raw_base64")).isFalse();
        assertThat(d.get("raw").asText()).isEqualTo("{\"user_id\":\"ü\"}");
        assertThat(d.get("raw_length").asLong()).isEqualTo(value.length);
        assertThat(d.get("raw_sha256").asText()).isEqualTo(sha256(value));
        assertThat(d.get("truncated").asBoolean()).isFalse();
        assertThat(d.get("rejected_at").asText()).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void aFileRecordNamesFileAndLine() throws Exception {
        JsonNode d =
                written(
                        new DeadLetter(
                                "job",
                                "bad",
                                new RawRecord("not json", SourceKind.file, "/in/a.jsonl", 17),
                                0));
        assertThat(d.get("file").asText()).isEqualTo("/in/a.jsonl");
        assertThat(d.get("line").asLong()).isEqualTo(17);
        assertThat(d.has("topic") || d.has("partition") || d.has("offset")).isFalse();
        assertThat(d.get("raw").asText()).isEqualTo("not json");
        assertThat(d.get("raw_sha256").asText())
                .isEqualTo(sha256("not json".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTombstoneHasNoRawFields() {
        JsonNode d = kafka(null);
        assertThat(
                        d.has("raw")
                                || d.has("raw_base64")
                                || d.has("raw_length")
                                || d.has("raw_sha256"))
                .isFalse();
        assertThat(d.get("offset").asLong()).isEqualTo(77);
    }

    @Test
    void bytesThatAreNotUtf8AreKeptExactlyInBase64() throws Exception {
        Random random = new Random(7);
        int notUtf8 = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] value = new byte[1 + random.nextInt(300)];
            random.nextBytes(value);
            JsonNode d = kafka(value);
            assertThat(recovered(d)).isEqualTo(value);
            assertThat(d.get("truncated").asBoolean()).isFalse();
            if (d.has("raw_base64")) notUtf8++;
        }
        // Overlong forms and encoded surrogates are not UTF-8 either: Java's decoder replaces them.
        for (byte[] value :
                List.of(
                        new byte[] {(byte) 0xC0, (byte) 0x80},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
            assertThat(kafka(value).has("raw_base64")).isTrue();
            assertThat(recovered(kafka(value))).isEqualTo(value);
        }
        assertThat(notUtf8).isGreaterThan(900);
    }

    /** A file's line is read as bytes too: a line that is not UTF-8 is kept exactly. */
    @Test
    void aFileLineThatIsNotUtf8IsKeptExactly() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 300; i++) {
            byte[] line = new byte[1 + random.nextInt(200)];
            random.nextBytes(line);
            JsonNode d =
                    written(
                            new DeadLetter(
                                    "job", "bad", RawRecord.fileLine(line, "/in/a.jsonl", 5), 0));
            assertThat(recovered(d)).isEqualTo(line);
            assertThat(d.get("raw_sha256").asText()).isEqualTo(sha256(line));
            assertThat(d.get("file").asText()).isEqualTo("/in/a.jsonl");
            assertThat(d.get("line").asLong()).isEqualTo(5);
        }
    }

    /**
     * Whatever the record, the dead letter stays bounded and says how to check the whole record.
     */
    @Test
    void hugeRecordsAreCutWithTheirLengthAndDigest() throws Exception {
        byte[] random = new byte[1_048_450];
        new Random(1).nextBytes(random);
        List<byte[]> huge =
                List.of(
                        repeat("x", 1_048_450),
                        repeat("\u0001", 1_000_000),
                        repeat("\"", 1_000_000),
                        repeat("\u20AC", 400_000),
                        repeat("\uD83D\uDE00", 300_000),
                        repeat("a\uD83D\uDE00", 200_000),
                        random);
        for (byte[] value : huge) {
            JsonNode d = kafka(value);
            assertThat(d.get("truncated").asBoolean()).isTrue();
            assertThat(d.get("raw_length").asLong()).isEqualTo(value.length);
            assertThat(d.get("raw_sha256").asText()).isEqualTo(sha256(value));
            byte[] kept = recovered(d);
            assertThat(kept.length).isBetween(10_000, DeadLetter.MAX_RAW_JSON_BYTES);
            assertThat(Arrays.copyOf(value, kept.length))
                    .as("the record's first bytes")
                    .isEqualTo(kept);
        }
    }

    @Test
    void aFiftyMegabyteLineAHugeReasonAndAHugeFileNameStayBounded() {
        String line = "y".repeat(50 << 20);
        String path = "/in/" + "d/".repeat(100_000) + "a.jsonl";
        JsonNode d =
                written(
                        new DeadLetter(
                                "job",
                                "not an ISO-8601 timestamp: '" + line + "'",
                                new RawRecord(line, SourceKind.file, path, 3),
                                0));
        assertThat(d.get("reason").asText())
                .startsWith("not an ISO-8601 timestamp: 'yyy")
                .endsWith("...");
        assertThat(d.get("file").asText()).startsWith("/in/d/d/").endsWith("...");
        assertThat(d.get("raw_length").asLong()).isEqualTo(50 << 20);
    }

    @Test
    void aPrefixNeverSplitsASurrogatePair() {
        String s = "\uD83D\uDE00".repeat(10);
        for (int max = 0; max < 130; max++) {
            int keep = DeadLetter.jsonPrefix(s, max);
            assertThat(keep % 2).as("max %d", max).isZero();
            assertThat(keep * 6).isLessThanOrEqualTo(max);
        }
    }

    private static byte[] repeat(String s, int times) {
        return s.repeat(times).getBytes(StandardCharsets.UTF_8);
    }
}
