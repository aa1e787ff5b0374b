package dev.flinkrecipes.commerce;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.commerce.CommerceEventParser.Field;
import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.core.windows.PanedWindows;
import dev.flinkrecipes.core.windows.WindowSpec;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Per user, tumbling 1 minute, watermark 5 minutes; the minutes with > 50 events or > 10000 spent.
 */
@Command(
        name = "user-anomalies",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Per user, the minutes with more than 50 events or 10000 spent.",
        description = {
            "Per user_id, tumbling 1 min windows (watermark 5 min): events_per_minute,",
            "spend_per_minute (purchases); only minutes with events_per_minute > 50 or"
                    + " spend_per_minute > 10000,",
            "with anomaly = high_event_rate | high_spend | both. Needs user_id, event_type,"
                    + " timestamp.",
            "Reads 'ecommerce_events', writes 'user_anomalies' (key user_id)."
        })
public final class UserAnomaliesJob implements Callable<Integer> {
    /** The fields this job uses; a record may lack the others. */
    public static final Field[] REQUIRED = {Field.USER_ID, Field.EVENT_TYPE, Field.TIMESTAMP};

    static final Duration WATERMARK_DELAY = Duration.ofMinutes(5);
    static final Duration WINDOW = Duration.ofMinutes(1);

    @Spec CommandSpec spec;

    @Mixin
    JobOptions options =
            new JobOptions("ecommerce_events", "user_anomalies")
                    .withEventTime()
                    .withWindowOutputModes(Duration.ofSeconds(10));

    @Override
    public Integer call() throws Exception {
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        JobIO.NamedSource in = job.source(CommerceEventGenerator::new);
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        DataStream<CommerceEvent> events =
                job.parseWithEventTime(
                        records,
                        CommerceEventParser.requiring(REQUIRED),
                        CommerceEvent.class,
                        (e, previous) -> e.timestamp,
                        WATERMARK_DELAY);
        OutputTag<CommerceEvent> late = StreamJob.lateEvents(events);
        SingleOutputStreamOperator<UserActivity> activity =
                PanedWindows.keyBy(events, e -> e.userId)
                        .window(WindowSpec.tumbling(WINDOW))
                        .trigger(job.emission())
                        .sideOutputLateData(late)
                        .aggregate(
                                new UserActivity.Aggregate(),
                                new UserActivity.Emit(),
                                "user-minute-panes",
                                "Per user, 1 min tumbling");
        var lateSink = job.lateSink(late.getTypeInfo());
        lateSink.uidAndName(job.countLate(activity.getSideOutput(late)).sinkTo(lateSink.sink()));
        DataStream<UserActivity> anomalies =
                activity.filter(new UserActivity.IsAnomaly())
                        .uid("anomaly-rules")
                        .name("Anomaly rules (> 50 events, > 10000 spent)");
        var results = job.resultsSink(anomalies.getType(), a -> a.userId);
        results.uidAndName(job.countResults(anomalies, "alertsEmitted").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
