package dev.flinkrecipes.core.serde;

import dev.flinkrecipes.core.options.SourceKind;
import java.nio.charset.StandardCharsets;

/**
 * One input record as it arrived, before parsing, with where it came from so that a dead letter can
 * point back at it: a Kafka topic/partition/offset, a file and line number, a socket line or a
 * generator index. A Kafka record and a file line keep their exact bytes (which need not be UTF-8);
 * the others are lines of text.
 */
public class RawRecord {
    /** The record as text; for a Kafka record or a file line null, see {@link #text()}. */
    public String text;

    /**
     * A Kafka record's value or a file's line exactly as it arrived (null for a tombstone and for
     * lines of text from a socket or a generator).
     */
    public byte[] bytes;

    /** The kind of source, which says what {@link #origin} and {@link #offset} mean. */
    public SourceKind source;

    /** Kafka topic, file path, {@code generator} or {@code socket:host:port}. */
    public String origin;

    /** Kafka partition; 0 elsewhere. */
    public int partition;

    /** Kafka offset, 1-based line number in a file or from a socket, or generator index. */
    public long offset;

    /**
     * A Kafka record's key exactly as it arrived (Spark's {@code key} column); null without one and
     * elsewhere.
     */
    public byte[] key;

    /**
     * A Kafka record's timestamp in epoch milliseconds (Spark's {@code timestamp}); else {@link
     * #NO_TIMESTAMP}.
     */
    public long timestamp = NO_TIMESTAMP;

    /**
     * Not a record: the file {@link #origin} has been read to its end (see {@code --after-commit}).
     */
    public boolean endOfFile;

    /** No Kafka timestamp: a line of text, or a Kafka record without one (Kafka's own -1). */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    public RawRecord() {}

    /** A line of text from a file, a socket or a generator. */
    public RawRecord(String text, SourceKind source, String origin, long offset) {
        this.text = text;
        this.source = source;
        this.origin = origin;
        this.offset = offset;
    }

    /**
     * A Kafka record's value, kept as bytes: decoded only by {@link #text()}, so a dead letter can
     * keep them exact.
     */
    public static RawRecord kafka(byte[] value, String topic, int partition, long offset) {
        RawRecord r = new RawRecord(null, SourceKind.kafka, topic, offset);
        r.bytes = value;
        r.partition = partition;
        return r;
    }

    /** The same with the record's key and timestamp (a negative timestamp is Kafka's "none"). */
    public static RawRecord kafka(
            byte[] key, byte[] value, String topic, int partition, long offset, long timestamp) {
        RawRecord r = kafka(value, topic, partition, offset);
        r.key = key;
        r.timestamp = timestamp < 0 ? NO_TIMESTAMP : timestamp;
        return r;
    }

    /**
     * The key as text, as Spark's {@code CAST(key AS STRING)}: UTF-8 (bad bytes become U+FFFD);
     * null without one.
     */
    public String keyText() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    public boolean hasTimestamp() {
        return timestamp != NO_TIMESTAMP;
    }

    /**
     * A line of a file, kept as bytes (without its line terminator): decoded only by {@link
     * #text()}.
     */
    public static RawRecord fileLine(byte[] line, String path, long lineNumber) {
        RawRecord r = new RawRecord(null, SourceKind.file, path, lineNumber);
        r.bytes = line;
        return r;
    }

    public static RawRecord endOfFile(String path, long lines) {
        RawRecord r = new RawRecord(null, SourceKind.file, path, lines);
        r.endOfFile = true;
        return r;
    }

    /**
     * The record as text, for parsing: a Kafka value or a file line decoded as UTF-8 (invalid bytes
     * become U+FFFD).
     */
    public String text() {
        return text != null || bytes == null ? text : new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return origin + "[" + partition + "]@" + offset + ": " + text();
    }
}
