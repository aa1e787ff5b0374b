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

/** Per event_type, 30-second windows sliding every 10 s, watermark 10 s. */
@Command(
        name = "ecommerce-event-stats",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header =
                "Per event type, sliding 30 s windows every 10 s: events, revenue and average"
                        + " price.",
        description = {
            "Per event_type, windows of 30 s every 10 s (watermark 10 s):",
            "event_count, total_revenue = sum(price * quantity), avg_price.",
            "Needs event_type, timestamp (price and quantity count as 0 when absent).",
            "Reads 'ecommerce_events', writes 'ecommerce_event_stats' (key event_type)."
        })
public final class EventStatsJob implements Callable<Integer> {
    /** The fields this job uses; a record may lack the others. */
    public static final Field[] REQUIRED = {Field.EVENT_TYPE, Field.TIMESTAMP};

    static final Duration WATERMARK_DELAY = Duration.ofSeconds(10);
    static final Duration WINDOW = Duration.ofSeconds(30);
    static final Duration SLIDE = Duration.ofSeconds(10);

    @Spec CommandSpec spec;

    @Mixin
    JobOptions options =
            new JobOptions("ecommerce_events", "ecommerce_event_stats")
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
        SingleOutputStreamOperator<EventTypeStats> stats =
                PanedWindows.keyBy(events, e -> e.eventType)
                        .window(WindowSpec.sliding(WINDOW, SLIDE))
                        .trigger(job.emission())
                        .sideOutputLateData(late)
                        .aggregate(
                                new EventTypeStats.Aggregate(),
                                new EventTypeStats.Emit(),
                                "event-type-panes",
                                "Per event type, 30 s sliding 10 s");
        var lateSink = job.lateSink(late.getTypeInfo());
        lateSink.uidAndName(job.countLate(stats.getSideOutput(late)).sinkTo(lateSink.sink()));
        var results = job.resultsSink(stats.getType(), s -> s.eventType);
        results.uidAndName(job.countResults(stats, "windowResults").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
