package dev.flinkrecipes.core.serde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.options.SourceKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A record that failed to parse or validate, with the reason and where it came from, for the
 * dead-letter output. Its JSON (fields without a value are left out):
 *
 * <pre>{@code
 * {"job":"fraud-detection","reason":"missing field amount",
 *  "topic":"transactions","partition":1,"offset":4711,        // a Kafka record, or
 *  "file":"/data/in/transactions.jsonl","line":17,             // a line of a file, or
 *  "source":"socket:localhost:9999","line":3,                  // a socket line ("source":"generator","index":5)
 *  "raw":"{\"user_id\":\"u1\"}",           // the record as text (U+FFFD for bytes that are not UTF-8)
 *  "raw_base64":"...",                    // only when "raw" is not exact: the record's bytes
 *  "raw_length":16,                       // the whole record's length in bytes
 *  "raw_sha256":"9f86d0...",              // SHA-256 (hex) of the whole record's bytes
 *  "truncated":false,                     // true: raw/raw_base64 hold only the record's first part
 *  "rejected_at":"2024-01-15T10:30:00.123Z"}
 * }</pre>
 *
 * <p>The original bytes are {@code base64decode(raw_base64)} if present, else {@code raw} encoded
 * as UTF-8. A Kafka value or a file's line can have {@code raw_base64} (both are kept as bytes);
 * socket lines are read as UTF-8 text. If {@code truncated}, those are the record's first bytes and
 * the whole record is at its topic/partition/offset (or file/line), to be checked against {@code
 * raw_length} and {@code raw_sha256}. A Kafka tombstone (no value) has no {@code raw*} fields.
 *
 * <p>Bounded whatever the input, so the dead-letter output can never fail on it (Kafka refuses a
 * message over 1 MiB by default: a 1 MiB record wrapped whole did, and the job restarted onto it
 * forever): {@code raw} and {@code raw_base64} are each at most {@link #MAX_RAW_JSON_BYTES} as
 * written in the JSON (after escaping, which takes up to 6 bytes per character), the reason and the
 * other texts at most {@link #MAX_TEXT_JSON_BYTES}. 64 KiB holds any genuine record of these
 * pipelines whole (they are under a few KB), so only pathological input is cut, and a dead letter
 * stays under {@link #MAX_JSON_BYTES}, far below Kafka's 1 MiB limits.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeadLetter {
    /** The most {@code raw} or {@code raw_base64} take in the JSON, escapes included. */
    public static final int MAX_RAW_JSON_BYTES = 64 * 1024;

    /** The most the reason, the job name, the topic or the file name take in the JSON. */
    public static final int MAX_TEXT_JSON_BYTES = 4 * 1024;

    /**
     * A dead letter's JSON is never longer: raw and raw_base64, four texts and the small fields.
     */
    public static final int MAX_JSON_BYTES =
            2 * MAX_RAW_JSON_BYTES + 4 * MAX_TEXT_JSON_BYTES + 1024;

    public String job;
    public String reason;
    public String topic;
    public Integer partition;
    public Long offset;
    public String file;
    public String source;
    public Long line;
    public Long index;
    public String raw;
    public String rawBase64;
    public Long rawLength;
    public String rawSha256;
    public boolean truncated;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long rejectedAt;

    public DeadLetter() {}

    public DeadLetter(String job, String reason, RawRecord record, long rejectedAt) {
        this.job = bounded(job, MAX_TEXT_JSON_BYTES);
        this.reason = bounded(reason, MAX_TEXT_JSON_BYTES);
        this.rejectedAt = rejectedAt;
        String origin = bounded(record.origin, MAX_TEXT_JSON_BYTES);
        switch (record.source == null ? SourceKind.kafka : record.source) {
            case kafka -> {
                topic = origin;
                partition = record.partition;
                offset = record.offset;
            }
            case file -> {
                file = origin;
                line = record.offset;
            }
            case socket -> {
                source = origin;
                line = record.offset;
            }
            case generator -> {
                source = origin;
                index = record.offset;
            }
        }
        keepRaw(record);
    }

    private void keepRaw(RawRecord record) {
        String text = record.text();
        byte[] bytes =
                record.bytes != null
                        ? record.bytes
                        : text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        if (bytes == null) return; // a tombstone: nothing to keep
        rawLength = (long) bytes.length;
        rawSha256 = HexFormat.of().formatHex(sha256(bytes));
        int keep = jsonPrefix(text, MAX_RAW_JSON_BYTES);
        raw = text.substring(0, keep);
        truncated = keep < text.length();
        // Not UTF-8 (decoding replaced bytes with U+FFFD): the exact bytes too, base64 (4
        // characters per 3 bytes).
        if (record.bytes != null && !Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)) {
            int keepBytes = Math.min(bytes.length, MAX_RAW_JSON_BYTES / 4 * 3);
            rawBase64 = Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, keepBytes));
            truncated = keepBytes < bytes.length;
        }
    }

    /**
     * {@code s}, or as much of it as takes at most {@code maxBytes} in the JSON, marked with "...".
     */
    static String bounded(String s, int maxBytes) {
        if (s == null) return null;
        int keep = jsonPrefix(s, maxBytes - 3);
        return keep == s.length() ? s : s.substring(0, keep) + "...";
    }

    /**
     * The length of the longest prefix of {@code s} that takes at most {@code maxBytes} as a JSON
     * string in UTF-8, as Jackson writes it: an escaped control character takes up to 6 bytes
     * ({@code \u0001}), and so does each half of a surrogate pair. Never splits a pair.
     */
    static int jsonPrefix(String s, int maxBytes) {
        long size = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int width =
                    c < 0x20 || Character.isSurrogate(c)
                            ? 6
                            : c == '"' || c == '\\' ? 2 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            size += width;
            if (size > maxBytes) {
                return i > 0 && Character.isHighSurrogate(s.charAt(i - 1)) ? i - 1 : i;
            }
        }
        return s.length();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
