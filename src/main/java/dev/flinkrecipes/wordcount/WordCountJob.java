package dev.flinkrecipes.wordcount;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.ConsoleBatches;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.ops.Count;
import dev.flinkrecipes.core.ops.TriggeredTable;
import dev.flinkrecipes.core.options.DurationConverter;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.OutputMode;
import dev.flinkrecipes.core.options.SinkKind;
import dev.flinkrecipes.core.options.SourceKind;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.core.serde.TextLines;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Word count from a socket (or file, or Kafka) in Spark's output modes and the DStream form. */
@Command(
        name = "word-count",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header =
                "Word counts from a socket, file or Kafka, in Spark's complete or update mode, or"
                        + " per batch.",
        description = {
            "Reads a socket by default (nc -lk 9999), or --source file|kafka. Output modes:",
            "  complete  all counts so far at every --trigger (Spark's outputMode(\"complete\"))",
            "  update    only the words whose count changed since the last trigger"
                    + " (outputMode(\"update\"));",
            "            --trigger 0: every change at once",
            "  append    counts per batch of --trigger, each batch final and on its own (the"
                    + " documents' DStream",
            "            version, 10 s batches; Spark's Structured Streaming has no append mode for"
                    + " a running count)",
            "Prints by default; --sink kafka|file write one row per word and trigger."
        })
public final class WordCountJob implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JobOptions options = socketToConsole();

    @Option(
            names = "--case",
            description =
                    "Letter case: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE} (as Spark).")
    Words.Case letterCase = Words.Case.keep;

    @Option(
            names = "--punctuation",
            description =
                    "Punctuation at the ends of words: ${COMPLETION-CANDIDATES}. Default:"
                            + " ${DEFAULT-VALUE} (as Spark).")
    Words.Punctuation punctuation = Words.Punctuation.keep;

    private static JobOptions socketToConsole() {
        JobOptions o =
                new JobOptions("lines", "word_counts")
                        .withOutputModes(
                                OutputMode.complete, Duration.ofSeconds(10), OutputMode.values());
        o.input.source = SourceKind.socket;
        o.output.sink = SinkKind.print;
        return o;
    }

    @Override
    public Integer call() throws Exception {
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        JobIO.NamedSource in = job.source(SentenceGenerator::new);
        DataStream<RawRecord> lines =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        KeyedStream<String, String> words =
                job.parse(lines, new TextLines(), String.class)
                        .flatMap(new Words(letterCase, punctuation))
                        .uid("words")
                        .name("Split into words")
                        .keyBy(w -> w);
        OutputMode mode = options.aggregation.outputMode;
        Duration trigger = options.aggregation.trigger;
        // One operator for the three modes; append keeps its own uid (its state is per batch).
        DataStream<WordCount> counts =
                words.process(
                                new TriggeredTable<String, Long, WordCount>(
                                        new Count<>(),
                                        Types.LONG,
                                        (word, count, at) -> new WordCount(at, word, count),
                                        mode,
                                        trigger.toMillis()),
                                TypeInformation.of(WordCount.class))
                        .uid(mode == OutputMode.append ? "word-counts-per-batch" : "word-counts")
                        .name(
                                mode == OutputMode.append
                                        ? "Word counts per "
                                                + DurationConverter.format(trigger)
                                                + " batch"
                                        : "Word counts ("
                                                + mode
                                                + ", every "
                                                + DurationConverter.format(trigger)
                                                + ")");
        // On the console a batch is a trigger (or a DStream batch); whole tables most frequent
        // words first.
        ConsoleBatches batches =
                trigger.isZero()
                        ? ConsoleBatches.perCheckpoint()
                        : ConsoleBatches.perTrigger("batch");
        var results =
                job.resultsSink(
                        counts.getType(),
                        c -> c.word,
                        mode == OutputMode.update
                                ? batches
                                : batches.sortedBy(
                                        ConsoleBatches.desc("count"), ConsoleBatches.asc("word")));
        results.uidAndName(job.countResults(counts, "windowResults").sinkTo(results.sink()));
        job.execute();
        return 0;
    }
}
