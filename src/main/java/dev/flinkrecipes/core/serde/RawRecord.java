package dev.flinkrecipes.core.serde;

/**
 * One input record as it arrived, before parsing, with where it came from so that a dead letter can
 * point back at it: a Kafka topic/partition/offset, a file and line number, or a generator index.
 */
public class RawRecord {
    public String text;
    /** Kafka topic, file path, {@code generator} or {@code socket:host:port}. */
    public String origin;
    /** Kafka partition; 0 elsewhere. */
    public int partition;
    /** Kafka offset, 1-based line number in a file, generator index or socket line number. */
    public long offset;
    /** Not a record: the file {@link #origin} has been read to its end (see {@code --after-commit}). */
    public boolean endOfFile;

    public RawRecord() {}

    public RawRecord(String text, String origin, int partition, long offset) {
        this.text = text;
        this.origin = origin;
        this.partition = partition;
        this.offset = offset;
    }

    public static RawRecord endOfFile(String path, long lines) {
        RawRecord r = new RawRecord(null, path, 0, lines);
        r.endOfFile = true;
        return r;
    }

    @Override
    public String toString() {
        return origin + "[" + partition + "]@" + offset + ": " + text;
    }
}
