package dev.flinkrecipes.core.options;

/**
 * The Kafka timestamp of the records a job writes ({@code --record-timestamp}). Topic retention
 * counts from it: a record stamped with an event time older than {@code retention.ms} is deleted at
 * the broker's next retention check, right after it was written.
 */
public enum RecordTimestamp {
    /**
     * The time the record is written, as Spark's Kafka sink does; the event time stays in the
     * payload.
     */
    write,
    /** The record's Flink timestamp: a window's last millisecond, a late event's event time. */
    event
}
