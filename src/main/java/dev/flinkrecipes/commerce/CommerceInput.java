package dev.flinkrecipes.commerce;

import dev.flinkrecipes.core.StreamJob;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.time.Duration;

/** How every e-commerce job reads its input: parsed, validated, bad records to the DLQ. */
public final class CommerceInput {
    private CommerceInput() {}

    public static DataStream<CommerceEvent> read(StreamJob job) {
        return job.read(new CommerceEventParser(), CommerceEvent.class, CommerceEventGenerator::new);
    }

    public static DataStream<CommerceEvent> readWithEventTime(StreamJob job, Duration watermarkDelay) {
        return job.withEventTime(read(job), (e, previous) -> e.timestamp, watermarkDelay);
    }
}
