package dev.flinkrecipes.commerce;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.commerce.CommerceEventParser.Field;
import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.ops.TriggeredTable;
import dev.flinkrecipes.core.options.DurationConverter;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.OutputMode;
import dev.flinkrecipes.core.serde.RawRecord;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Per-user running totals in keyed state, no window, emitted as upserts keyed by user_id. */
@Command(
        name = "user-totals",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Per user running totals in keyed state, upserted on every event.",
        description = {
            "Total_events, purchases, total_spent, last_activity, keyed by user_id. Output modes"
                    + " (Spark's):",
            "  update    the users whose totals changed since the last --trigger; with --trigger 0"
                    + " (the default)",
            "            every event's new totals at once, as an upsert",
            "  complete  every user's totals at every --trigger",
            "Needs user_id, event_type, timestamp.",
            "Reads 'ecommerce_events', writes 'user_totals' (key user_id; make it a compacted"
                    + " topic:",
            "cleanup.policy=compact keeps the latest totals per user)."
        })
public final class UserTotalsJob implements Callable<Integer> {
    /** The fields this job uses; a record may lack the others. */
    public static final Field[] REQUIRED = {Field.USER_ID, Field.EVENT_TYPE, Field.TIMESTAMP};

    /**
     * A user idle for a month is forgotten: without a TTL the state holds every user ever seen.
     * Savepoints taken without a TTL restore with it (Flink 2.2 migrates the state).
     */
    static final Duration DEFAULT_STATE_TTL = Duration.ofDays(30);

    @Spec CommandSpec spec;

    @Mixin
    JobOptions options =
            new JobOptions("ecommerce_events", "user_totals")
                    .withOutputModes(
                            OutputMode.update,
                            Duration.ZERO,
                            OutputMode.update,
                            OutputMode.complete);

    @Option(
            names = "--state-ttl",
            converter = DurationConverter.class,
            description =
                    "Forget a user idle for this long (processing time), so state stays bounded; 0"
                            + " keeps every user forever (state grows with every new user)."
                            + " Default: 30d.")
    Duration stateTtl = DEFAULT_STATE_TTL;

    @Override
    public Integer call() throws Exception {
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        JobIO.NamedSource in = job.source(CommerceEventGenerator::new);
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        KeyedStream<CommerceEvent, String> byUser =
                job.parse(records, CommerceEventParser.requiringOnly(REQUIRED), CommerceEvent.class)
                        .keyBy(e -> e.userId);
        DataStream<UserTotals> totals =
                options.aggregation.trigger.isZero()
                        ? byUser.process(new UpdateUserTotals(stateTtl))
                                .uid("user-totals-state")
                                .name("Per-user totals (keyed state)")
                        // A separate uid: a savepoint of one form does not restore into the other
                        // (--allow-non-restored-state).
                        : byUser.process(
                                        new TriggeredTable<CommerceEvent, UserTotals, UserTotals>(
                                                        new UserTotals.Aggregate(),
                                                        TypeInformation.of(UserTotals.class),
                                                        (user, total, at) -> total.snapshot(user),
                                                        options.aggregation.outputMode,
                                                        options.aggregation.trigger.toMillis())
                                                .withStateTtl(stateTtl),
                                        TypeInformation.of(UserTotals.class))
                                .uid("user-totals-table")
                                .name(
                                        "Per-user totals ("
                                                + options.aggregation.outputMode
                                                + " every "
                                                + DurationConverter.format(
                                                        options.aggregation.trigger)
                                                + ")");
        var results = job.resultsSink(totals.getType(), t -> t.userId);
        results.uidAndName(job.countResults(totals, "upserts").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
