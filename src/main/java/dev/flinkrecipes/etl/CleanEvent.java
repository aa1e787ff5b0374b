package dev.flinkrecipes.etl;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * A raw event with the ETL's two columns: when it was processed, and its date partition (UTC day of
 * event_time).
 */
public class CleanEvent extends RawEvent {
    static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    public long processedTimestamp;
    public String datePartition;

    public CleanEvent() {}

    public CleanEvent(RawEvent e, long processedTimestamp) {
        super(e.eventId, e.userId, e.eventType, e.eventTime, e.value);
        this.processedTimestamp = processedTimestamp;
        this.datePartition = DAY.format(Instant.ofEpochMilli(e.eventTime));
    }

    /**
     * The document's withColumn("processed_timestamp", current_timestamp()) and
     * withColumn("date_partition", ...).
     */
    public static final class Enrich implements MapFunction<RawEvent, CleanEvent> {
        @Override
        public CleanEvent map(RawEvent e) {
            return new CleanEvent(e, System.currentTimeMillis());
        }
    }
}
