package dev.flinkrecipes.weblogs;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.ops.Count;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.core.time.EventTime;
import dev.flinkrecipes.core.windows.PanedWindows;
import dev.flinkrecipes.core.windows.WindowSpec;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** 4xx and 5xx responses per minute, from access-log lines, in the lines' own event time. */
@Command(
        name = "web-error-counts",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Access-log 4xx/5xx lines counted per minute by error type.",
        description = {
            "Apache/Nginx access-log lines; status >= 400 -> error_type client_error (< 500) |"
                    + " server_error;",
            "tumbling 1 min windows by error_type in the lines' own time (watermark 2 min): count.",
            "Unparseable lines go to the DLQ with the reason. Reads 'web_logs', writes"
                    + " 'web_error_counts' (key error_type)."
        })
public final class WebErrorCountsJob implements Callable<Integer> {
    static final Duration WATERMARK_DELAY = Duration.ofMinutes(2);
    static final Duration WINDOW = Duration.ofMinutes(1);

    @Spec CommandSpec spec;

    @Mixin
    JobOptions options =
            new JobOptions("web_logs", "web_error_counts")
                    .withEventTime()
                    .withWindowOutputModes(Duration.ofSeconds(10));

    private static final SerializableTimestampAssigner<WebRequest> TIMESTAMP =
            (r, previous) -> r.timestamp;

    @Override
    public Integer call() throws Exception {
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        JobIO.NamedSource in = job.source(AccessLogGenerator::new);
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        DataStream<WebRequest> errors =
                job.parse(records, new AccessLogParser(), WebRequest.class, TIMESTAMP)
                        .filter(r -> r.statusCode >= 400)
                        .uid("errors-only")
                        .name("Errors only (status >= 400)")
                        .assignTimestampsAndWatermarks(job.watermarks(TIMESTAMP, WATERMARK_DELAY))
                        .uid("event-time")
                        .name(EventTime.name(WATERMARK_DELAY));
        OutputTag<WebRequest> late = StreamJob.lateEvents(errors);
        SingleOutputStreamOperator<ErrorCount> counts =
                PanedWindows.keyBy(errors, WebRequest::errorType)
                        .window(WindowSpec.tumbling(WINDOW))
                        .trigger(job.emission())
                        .sideOutputLateData(late)
                        .aggregate(
                                new Count<>(),
                                new ErrorCount.Emit(),
                                "error-type-panes",
                                "Per error type, 1 min tumbling");
        var lateSink = job.lateSink(late.getTypeInfo());
        lateSink.uidAndName(job.countLate(counts.getSideOutput(late)).sinkTo(lateSink.sink()));
        var results = job.resultsSink(counts.getType(), c -> c.errorType);
        results.uidAndName(job.countResults(counts, "windowResults").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
