package dev.flinkrecipes.commerce;

import dev.flinkrecipes.commerce.CommerceEventParser.Field;
import dev.flinkrecipes.core.StreamJob;
import org.apache.flink.streaming.api.datastream.DataStream;

/** How every e-commerce job reads its input: parsed, validated, bad records to the DLQ. */
public final class CommerceInput {
    private CommerceInput() {}

    /**
     * Events with the fields the job uses ({@code required}); a record without one is a dead letter
     * naming it.
     */
    public static DataStream<CommerceEvent> read(StreamJob job, Field... required) {
        return job.read(
                CommerceEventParser.requiring(required),
                CommerceEvent.class,
                CommerceEventGenerator::new);
    }
}
