package dev.flinkrecipes.applogs;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Per service, 1-minute counts per level and the error rate, with an alert flag. */
@Command(
        name = "app-log-stats",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header =
                "Per service, 1 min counts per log level, error rate and an alert above a"
                        + " threshold.",
        description = {
            "Per service, tumbling 1 min windows (watermark 1 min): total and"
                    + " DEBUG/INFO/WARN/ERROR",
            "counts, error_rate = ERROR / total, alert = error_rate > --error-rate-threshold with"
                    + " at least --min-records.",
            "Reads 'app_logs', writes 'app_log_stats' (key service); alert windows are counted in"
                    + " alertsEmitted."
        })
public final class AppLogStatsJob implements Callable<Integer> {
    static final Duration WATERMARK_DELAY = Duration.ofMinutes(1);
    static final Duration WINDOW = Duration.ofMinutes(1);

    @Spec CommandSpec spec;

    @Mixin
    JobOptions options =
            new JobOptions("app_logs", "app_log_stats")
                    .withEventTime()
                    .withWindowOutputModes(Duration.ofSeconds(10));

    @Option(
            names = "--error-rate-threshold",
            description =
                    "Alert when a service's share of ERROR records in a minute is above this."
                            + " Default: ${DEFAULT-VALUE}.")
    double errorRateThreshold = 0.2;

    @Option(
            names = "--min-records",
            description =
                    "No alert for a minute with fewer records than this (1 error in 2 is not an"
                            + " incident). Default: ${DEFAULT-VALUE}.")
    long minRecords = 10;

    @Override
    public Integer call() throws Exception {
        if (errorRateThreshold < 0 || errorRateThreshold > 1) {
            throw new IllegalArgumentException(
                    "--error-rate-threshold must be between 0 and 1, got " + errorRateThreshold);
        }
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        JobIO.NamedSource in = job.source(AppLogGenerator::new);
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        DataStream<AppLog> logs =
                job.parseWithEventTime(
                        records,
                        new AppLogParser(),
                        AppLog.class,
                        (l, previous) -> l.timestamp,
                        WATERMARK_DELAY);
        OutputTag<AppLog> late = StreamJob.lateEvents(logs);
        SingleOutputStreamOperator<ServiceLogStats> stats =
                PanedWindows.keyBy(logs, l -> l.service)
                        .window(WindowSpec.tumbling(WINDOW))
                        .trigger(job.emission())
                        .sideOutputLateData(late)
                        .aggregate(
                                new ServiceLogStats.Aggregate(),
                                new ServiceLogStats.Emit(errorRateThreshold, minRecords),
                                "service-log-panes",
                                "Per service, 1 min tumbling");
        var lateSink = job.lateSink(late.getTypeInfo());
        lateSink.uidAndName(job.countLate(stats.getSideOutput(late)).sinkTo(lateSink.sink()));
        var results = job.resultsSink(stats.getType(), s -> s.service);
        results.uidAndName(job.countResults(stats, "windowResults").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
