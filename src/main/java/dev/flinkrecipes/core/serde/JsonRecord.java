package dev.flinkrecipes.core.serde;

/**
 * One JSON record as a {@link JsonRecordParser} is handed it: as text, or as the UTF-8 bytes it
 * arrived in (a file line, a Kafka value), which are read without decoding them first. Either reads
 * to the same fields, values and reasons.
 */
public final class JsonRecord {
    final String text;
    final byte[] utf8;

    private JsonRecord(String text, byte[] utf8) {
        this.text = text;
        this.utf8 = utf8;
    }

    public static JsonRecord of(String text) {
        return new JsonRecord(text, null);
    }

    /** Bytes that need not be UTF-8: bad ones read as U+FFFD, as decoding them would. */
    public static JsonRecord ofUtf8(byte[] utf8) {
        return new JsonRecord(null, utf8);
    }
}
