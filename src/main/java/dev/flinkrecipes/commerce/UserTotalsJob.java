package dev.flinkrecipes.commerce;

import dev.flinkrecipes.commerce.CommerceEventParser.Field;
import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.options.DurationConverter;
import dev.flinkrecipes.core.options.JobOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Per-user running totals in keyed state, no window, emitted as upserts keyed by user_id. */
@Command(name = "user-totals", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Per user running totals in keyed state, upserted on every event.",
        description = {
            "Total_events, purchases, total_spent, last_activity,",
            "emitted on every event as an upsert keyed by user_id (Spark's update mode).",
            "Needs user_id, event_type, timestamp.",
            "Reads 'ecommerce_events', writes 'user_totals' (key user_id; make it a compacted topic:",
            "cleanup.policy=compact keeps the latest totals per user)."})
public final class UserTotalsJob implements Callable<Integer> {
    /** The fields this job uses; a record may lack the others. */
    public static final Field[] REQUIRED = {Field.USER_ID, Field.EVENT_TYPE, Field.TIMESTAMP};

    @Spec CommandSpec spec;
    @Mixin JobOptions options = new JobOptions("ecommerce_events", "user_totals");

    @Option(names = "--state-ttl", converter = DurationConverter.class,
            description = "Forget a user idle for this long (processing time), so state stays bounded; 0 keeps every user. Default: 0.")
    Duration stateTtl = Duration.ZERO;

    @Override
    public Integer call() throws Exception {
        StreamJob job = StreamJob.create(spec, options);
        DataStream<UserTotals> totals = CommerceInput.read(job, REQUIRED)
                .keyBy(e -> e.userId)
                .process(new UpdateUserTotals(stateTtl))
                .uid("user-totals-state").name("Per-user totals (keyed state)");
        job.writeResults(totals, t -> t.userId, "upserts");
        job.execute();
        return 0;
    }
}
