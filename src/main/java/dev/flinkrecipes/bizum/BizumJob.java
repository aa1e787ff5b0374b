package dev.flinkrecipes.bizum;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.ConsoleBatches;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.ops.TriggeredTable;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.OutputMode;
import dev.flinkrecipes.core.options.SinkKind;
import dev.flinkrecipes.core.options.SourceKind;
import dev.flinkrecipes.core.serde.RawRecord;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The highest bizum per person (name lower-cased), from CSV files dropped into a folder. */
@Command(
        name = "bizum",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Highest bizum per person from CSV files dropped into a folder.",
        description = {
            "Watches --input for CSV files 'Name;Amount;Concept' (no header) and keeps each"
                    + " person's highest",
            "bizum with its concept. --output-mode complete shows the whole table at every"
                    + " --trigger (Spark's complete",
            "mode), update only the changed rows (with --trigger 0: every change at once; key:"
                    + " name)."
        })
public final class BizumJob implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JobOptions options = watchedFolderToConsole();

    private static JobOptions watchedFolderToConsole() {
        // No generator: the input is the CSV files dropped into a folder (or the same lines from
        // Kafka or a socket).
        JobOptions o =
                new JobOptions("bizums", "highest_bizums")
                        .readingFrom(SourceKind.file, SourceKind.kafka, SourceKind.socket)
                        .withOutputModes(
                                OutputMode.complete,
                                Duration.ofSeconds(5),
                                OutputMode.update,
                                OutputMode.complete);
        o.input.source = SourceKind.file;
        o.file.watch = Duration.ofSeconds(2);
        o.output.sink = SinkKind.print;
        return o;
    }

    @Override
    public Integer call() throws Exception {
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        OutputMode mode = options.aggregation.outputMode;
        JobIO.NamedSource in = job.source(null); // no generator: bizum lines
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        DataStream<HighestBizum> highest =
                job.parse(records, new BizumParser(), Bizum.class)
                        .keyBy(b -> b.name)
                        .process(
                                new TriggeredTable<Bizum, Bizum, HighestBizum>(
                                        new HighestBizum.Max(),
                                        TypeInformation.of(Bizum.class),
                                        (name, best, at) -> new HighestBizum(at, best),
                                        mode,
                                        options.aggregation.trigger.toMillis()),
                                TypeInformation.of(HighestBizum.class))
                        .uid("highest-bizum")
                        .name("Highest bizum per person (" + mode + ")");
        // On the console a batch is a trigger, the complete table highest first; every-change rows
        // each carry their own time.
        ConsoleBatches batches =
                options.aggregation.trigger.isZero()
                        ? ConsoleBatches.perCheckpoint()
                        : mode == OutputMode.complete
                                ? ConsoleBatches.perTrigger("batch")
                                        .sortedBy(
                                                ConsoleBatches.desc("amount"),
                                                ConsoleBatches.asc("name"))
                                : ConsoleBatches.perTrigger("batch");
        var results = job.resultsSink(highest.getType(), h -> h.name, batches);
        results.uidAndName(job.countResults(highest, "windowResults").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
