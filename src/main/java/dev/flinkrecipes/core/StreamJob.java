package dev.flinkrecipes.core;

import dev.flinkrecipes.core.io.Channel;
import dev.flinkrecipes.core.io.ConsoleBatches;
import dev.flinkrecipes.core.io.EventGenerator;
import dev.flinkrecipes.core.io.Input;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.io.JobOutput;
import dev.flinkrecipes.core.io.Sinks;
import dev.flinkrecipes.core.io.Sources;
import dev.flinkrecipes.core.io.TransactionalIdCheck;
import dev.flinkrecipes.core.ops.CompleteFiles;
import dev.flinkrecipes.core.ops.CountRecords;
import dev.flinkrecipes.core.ops.FailureInjector;
import dev.flinkrecipes.core.ops.ParseOrDeadLetter;
import dev.flinkrecipes.core.options.AfterCommit;
import dev.flinkrecipes.core.options.EffectiveConfig;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.SinkKind;
import dev.flinkrecipes.core.options.SourceKind;
import dev.flinkrecipes.core.serde.DeadLetter;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.core.serde.RecordParser;
import dev.flinkrecipes.core.time.EventTime;
import dev.flinkrecipes.core.windows.Emission;
import dev.flinkrecipes.core.windows.PanedWindows;
import dev.flinkrecipes.core.windows.WindowRow;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.ParameterTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The wiring every job shares, as small named steps between the Flink calls of a job's {@code
 * call()}, which reads as its pipeline (like flink-training's {@code HourlyTipsSolution}):
 *
 * <pre>{@code
 * StreamJob job = StreamJob.create(spec, options);           // the env from the options
 * StreamExecutionEnvironment env = job.env();
 * JobIO.NamedSource in = job.source(TransactionGenerator::new);
 * DataStream<RawRecord> records =
 *         in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
 * DataStream<Transaction> transactions =
 *         job.parseWithEventTime(records, TransactionParser.requiring(REQUIRED), Transaction.class,
 *                 (t, previous) -> t.timestamp, WATERMARK_DELAY);
 * OutputTag<Transaction> late = StreamJob.lateEvents(transactions);
 * SingleOutputStreamOperator<LocationStats> stats =
 *         PanedWindows.keyBy(transactions, t -> t.location)
 *                 .window(WindowSpec.sliding(WINDOW, SLIDE))
 *                 .trigger(job.emission())
 *                 .sideOutputLateData(late)
 *                 .aggregate(new AmountStats.Aggregate(), new LocationStats.Emit(), "location-panes", ...);
 * JobIO.NamedSink<LocationStats> results = job.resultsSink(stats.getType(), s -> s.location);
 * results.uidAndName(job.countResults(stats, "windowResults").sinkTo(results.sink()));
 * job.execute();
 * }</pre>
 *
 * The steps and the Flink calls they stand for:
 *
 * <pre>
 * source(generator)            the Source for env.fromSource: Kafka | files | generator | socket, paced by --max-rate
 * parse(raw, parser, type)     .process(ParseOrDeadLetter)  bad records -> side output -> .sinkTo(dlq sink)
 * watermarks(ts, delay)        forBoundedOutOfOrderness(delay).withTimestampAssigner(ts).withIdleness(--idle-timeout)
 * emission()                   --output-mode and --trigger, for {@link PanedWindows}' trigger
 * countResults(stream, m)      .map(CountRecords(m)): the results counted for the run summary
 * resultsSink(type, key)       the Sink for .sinkTo: Kafka | files | discard | console, uid "sink-results"
 * lateSink(type)               likewise for late events, uid "sink-late"
 * execute()                    env.execute(name), then the run summary
 * </pre>
 *
 * Every operator they add has a stable uid and a readable name. The Flink {@code Source} and {@code
 * Sink} objects are the job's {@link JobIO}, given by the command line that runs it: the options'
 * sources and sinks ({@link Sources#of}, {@link Sinks#of}), or in-memory ones in tests.
 */
public final class StreamJob {
    private static final Logger LOG = LoggerFactory.getLogger(StreamJob.class);

    private final String name;
    private final JobOptions options;
    private final StreamExecutionEnvironment env;

    /** Where the records come from and go to: the command line's choice, or a test's. */
    private final JobIO io;

    /** Run in this JVM (bin/run, plain java), not submitted to a cluster: see {@link #isLocal}. */
    private final boolean local;

    /** Restarts of a local run before it gives up and reports the cause. */
    static final int LOCAL_RESTART_ATTEMPTS = 3;

    static final Duration LOCAL_RESTART_DELAY = Duration.ofSeconds(1);

    /** What the run is, said on the console as it starts. */
    private final String startLine;

    private StreamJob(
            String name,
            JobOptions options,
            StreamExecutionEnvironment env,
            boolean local,
            String startLine,
            JobIO io) {
        this.startLine = startLine;
        this.io = io;
        this.name = name;
        this.options = options;
        this.env = env;
        this.local = local;
    }

    /** Resolves and validates the options, prints them, and sets up the environment. */
    public static StreamJob create(CommandSpec command, JobOptions options) {
        String name = command.name();
        options.resolve(name);
        Map<String, String> effective = EffectiveConfig.of(command);
        String described = EffectiveConfig.describe(name, effective);
        LOG.info(described);

        Configuration conf = Configuration.fromMap(options.runtime.flinkConf);
        if (options.runtime.stateBackend != null) options.runtime.stateBackend.applyTo(conf);
        ProgressReporter.configure(conf, options.runtime.quiet);
        // No silent Kryo fallback: a type Flink cannot serialize itself fails at job build time.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // Chained operators hand records over without a copy (copies were 10% of the CPU): safe
        // because every function here makes new objects and never changes a record it has emitted.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // Where neither --conf nor the cluster's configuration says (env's, as Flink merged them).
        JobDefaults.applyWhereUnset(env.getConfiguration(), conf);
        boolean local = isLocal(env);
        if (local
                && !options.runtime.flinkConf.containsKey(
                        RestartStrategyOptions.RESTART_STRATEGY.key())) {
            // A cluster restarts a failing job as its config.yaml says (without end, with backoff);
            // a local run has no one watching the Web UI: a few quick attempts, then stop and say
            // why.
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS,
                    LOCAL_RESTART_ATTEMPTS);
            conf.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, LOCAL_RESTART_DELAY);
        }
        env.configure(conf);
        if (options.runtime.parallelism > 0) {
            env.setParallelism(options.runtime.parallelism);
        }
        if (!options.checkpointing.checkpointInterval.isZero()) {
            env.enableCheckpointing(
                    options.checkpointing.checkpointInterval.toMillis(),
                    CheckpointingMode.EXACTLY_ONCE);
        }
        // Shown in the Web UI under the job's configuration; read back by TransactionalIdCheck of
        // the next job.
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(effective));
        Configuration submitTo = Configuration.fromMap(env.getConfiguration().toMap());
        submitTo.addAll(conf);
        TransactionalIdCheck.refuseIfInUse(submitTo, options);
        options.clusterRest = TransactionalIdCheck.restEndpoint(submitTo).orElse(null);
        Preflight.output(
                options,
                submitTo.getOptional(StateRecoveryOptions.SAVEPOINT_PATH).isPresent(),
                local);
        // The input first: a missing file is what a user fixes first, before the broker the results
        // go to.
        if (local) {
            Preflight.input(options, Input.primary(options), true);
        }
        if (local
                && (options.input.source == SourceKind.kafka
                        || options.output.sink == SinkKind.kafka)) {
            Preflight.kafka(
                    options.kafka.bootstrapServers,
                    options.kafka,
                    options.input.source == SourceKind.kafka
                            ? options.kafkaSource.inputTopic
                            : null);
        }
        return new StreamJob(
                name,
                options,
                env,
                local,
                options.runtime.verbose ? described : EffectiveConfig.summary(name, options),
                JobIO.of(command));
    }

    /**
     * True when the job runs in this JVM on a local mini cluster (bin/run, java -cp ... Main),
     * false under {@code flink run} (a context environment that submits to a cluster) and in tests
     * (a MiniCluster's own environment, with the tests' restart settings).
     */
    static boolean isLocal(StreamExecutionEnvironment env) {
        return env instanceof LocalStreamEnvironment;
    }

    /** The job's {@code StreamExecutionEnvironment}, configured from its options. */
    public StreamExecutionEnvironment env() {
        return env;
    }

    /**
     * The Flink source of the job's input, for {@code env.fromSource(source, noWatermarks(),
     * name)}: the {@code KafkaSource}, {@code FileSource}, {@code DataGeneratorSource} or {@code
     * SocketSource} that {@code --source} chooses ({@link JobIO#source}; in tests an in-memory
     * one), paced by {@code --max-rate} ({@link Sources#paced}). Event time comes after parsing.
     *
     * @param generator makes the records for {@code --source generator}; null when the job has none
     */
    public JobIO.NamedSource source(EventGenerator.Factory generator) {
        return source(Input.primary(options), generator);
    }

    /** The same for one input of several (a join's second stream), its uids kept apart. */
    public JobIO.NamedSource source(Input in, EventGenerator.Factory generator) {
        if (!local || !in.equals(Input.primary(options))) {
            Preflight.input(options, in, local); // a local run's primary input: checked at create
        }
        JobIO.NamedSource source = io.source(options, in, generator);
        return new JobIO.NamedSource(
                Sources.paced(source.source(), options),
                source.name(),
                source.uid(),
                source.oneInstance());
    }

    /**
     * {@code raw.process(ParseOrDeadLetter(parser))}, uid {@code parse}: the records of {@code
     * type}; those that fail to parse or validate go to the dead-letter sink ({@code
     * getSideOutput(DEAD_LETTERS).sinkTo(...)}). Also, as the options ask: input files archived or
     * deleted once committed ({@code --after-commit}), and the failure injector ({@code
     * --inject-failure-after}).
     */
    public <T> DataStream<T> parse(
            DataStream<RawRecord> raw, RecordParser<T> parser, Class<T> type) {
        return parse(Input.primary(options), raw, parser, type);
    }

    /** The same for one input of several, its uids and dead letters kept apart. */
    public <T> DataStream<T> parse(
            Input in, DataStream<RawRecord> raw, RecordParser<T> parser, Class<T> type) {
        return parse(in, raw, new ParseOrDeadLetter<>(name, parser), type);
    }

    /**
     * {@link #parse}, records whose {@code eventTime} is more than {@code --max-future-skew} ahead
     * of the clock among the dead letters (for a job that filters before it assigns event time).
     */
    public <T> DataStream<T> parse(
            DataStream<RawRecord> raw,
            RecordParser<T> parser,
            Class<T> type,
            SerializableTimestampAssigner<T> eventTime) {
        return parse(
                Input.primary(options),
                raw,
                new ParseOrDeadLetter<>(name, parser, eventTime, options.eventTime.maxFutureSkew),
                type);
    }

    /**
     * {@link #parse}, then Spark's {@code withWatermark}: {@code
     * assignTimestampsAndWatermarks(watermarks(timestamp, delay))}, uid {@code event-time}. Records
     * whose event time is more than {@code --max-future-skew} ahead of the clock become dead
     * letters in the parse step, before they can move the watermark.
     */
    public <T> DataStream<T> parseWithEventTime(
            DataStream<RawRecord> raw,
            RecordParser<T> parser,
            Class<T> type,
            SerializableTimestampAssigner<T> timestamp,
            Duration delay) {
        return parseWithEventTime(Input.primary(options), raw, parser, type, timestamp, delay);
    }

    /** The same for one input of several, its uids and dead letters kept apart. */
    public <T> DataStream<T> parseWithEventTime(
            Input in,
            DataStream<RawRecord> raw,
            RecordParser<T> parser,
            Class<T> type,
            SerializableTimestampAssigner<T> timestamp,
            Duration delay) {
        return parse(
                        in,
                        raw,
                        new ParseOrDeadLetter<>(
                                name, parser, timestamp, options.eventTime.maxFutureSkew),
                        type)
                .assignTimestampsAndWatermarks(watermarks(timestamp, delay))
                .uid("event-time" + in.suffix())
                .name(EventTime.name(delay));
    }

    private <T> DataStream<T> parse(
            Input in, DataStream<RawRecord> raw, ParseOrDeadLetter<T> parse, Class<T> type) {
        SingleOutputStreamOperator<T> parsed =
                raw.process(parse, TypeInformation.of(type))
                        .uid("parse" + in.suffix())
                        .name("Parse " + type.getSimpleName() + " (bad records to DLQ)");
        DataStream<DeadLetter> deadLetters = parsed.getSideOutput(ParseOrDeadLetter.DEAD_LETTERS);
        JobIO.NamedSink<DeadLetter> dlq =
                io.sink(
                        options,
                        new JobOutput<>(
                                Channel.dlq,
                                in.suffix(),
                                in.dlqTopic(options),
                                null,
                                deadLetters.getType()));
        dlq.uidAndName(deadLetters.sinkTo(dlq.sink()));
        if (options.file.afterCommit != AfterCommit.keep) {
            parsed.getSideOutput(ParseOrDeadLetter.COMPLETED_FILES)
                    .process(
                            new CompleteFiles(
                                    options.file.afterCommit,
                                    options.file.archiveDir == null
                                            ? null
                                            : options.file.archiveDir.toUri().toString()))
                    .setParallelism(1)
                    .uid("complete-files" + in.suffix())
                    .name(options.file.afterCommit + " input files once committed");
        }
        if (options.runtime.injectFailureAfter > 0 && in.id().isEmpty()) {
            return parsed.map(new FailureInjector<T>(options.runtime.injectFailureAfter))
                    .uid("failure-injector")
                    .name("Failure injector (chaos test)");
        }
        return parsed;
    }

    /**
     * Spark's {@code withWatermark(column, delay)}, for {@code assignTimestampsAndWatermarks}:
     * {@code forBoundedOutOfOrderness(delay).withTimestampAssigner(timestamp)}, idle inputs skipped
     * after {@code --idle-timeout}, emitted as {@code --watermark-emission} says. Name the operator
     * {@link EventTime#name}.
     */
    public <T> WatermarkStrategy<T> watermarks(
            SerializableTimestampAssigner<T> timestamp, Duration delay) {
        return EventTime.watermarks(
                timestamp,
                delay,
                options.eventTime.idleTimeout,
                options.eventTime.watermarkEmission);
    }

    /**
     * The job's {@code --output-mode} and {@code --trigger}, for {@link
     * PanedWindows.Windowed#trigger}.
     */
    public Emission emission() {
        return Emission.of(options.aggregation.outputMode, options.aggregation.trigger);
    }

    /** The side output of a window's late events ({@code sideOutputLateData}). */
    public static <IN> OutputTag<IN> lateEvents(DataStream<IN> stream) {
        return new OutputTag<>("late-events", stream.getType());
    }

    /**
     * The sink of the job's results, for {@code .sinkTo(sink)}: the one {@code --sink} chooses
     * ({@link JobIO#sink}), keyed on Kafka by {@code key}. Window rows in update and complete modes
     * are keyed by {@code key} and the window's start, so a compacted topic or an upserting
     * consumer keeps the latest value of each window, and shown on the console one trigger per
     * batch.
     */
    public <T> JobIO.NamedSink<T> resultsSink(TypeInformation<T> type, Sinks.KeyFn<T> key) {
        if (WindowRow.class.isAssignableFrom(type.getTypeClass()) && emission().early()) {
            return resultsSink(
                    type,
                    WindowRow.keyWithWindow(key),
                    ConsoleBatches.perTrigger("batch")
                            .sortedBy(ConsoleBatches.asc("window_start")));
        }
        return resultsSink(type, key, ConsoleBatches.perCheckpoint());
    }

    /**
     * The same, with what a batch is on the console ({@code --sink print}: a table per batch) and
     * how it is ordered.
     */
    public <T> JobIO.NamedSink<T> resultsSink(
            TypeInformation<T> type, Sinks.KeyFn<T> key, ConsoleBatches console) {
        return io.sink(
                options,
                new JobOutput<>(
                        Channel.results, "", options.results.outputTopic, key, type, console));
    }

    /**
     * The sink of events behind the watermark, never dropped silently: {@code --late-topic} or
     * {@code late/}.
     */
    public <T> JobIO.NamedSink<T> lateSink(TypeInformation<T> type) {
        return lateSink("", type);
    }

    /** Late events of a job's second input: {@code <late-topic>-<id>} or {@code late-<id>/}. */
    public <T> JobIO.NamedSink<T> lateSink(String suffix, TypeInformation<T> type) {
        return io.sink(
                options,
                new JobOutput<>(
                        Channel.late, suffix, options.eventTime.lateTopic + suffix, null, type));
    }

    /**
     * {@code results.map(CountRecords(metric))}: the results as they go to the sink, counted for
     * the run summary and the progress line.
     */
    public <T> DataStream<T> countResults(DataStream<T> results, String metric) {
        return results.map(new CountRecords<T>(metric, RunSummary.RESULTS))
                .uid("count-" + metric)
                .name("Count " + metric);
    }

    /** {@code late.map(CountRecords("lateRecords"))}: late events counted likewise. */
    public <T> DataStream<T> countLate(DataStream<T> late) {
        return countLate("", late);
    }

    /** The same for the late events of a job's second input. */
    public <T> DataStream<T> countLate(String suffix, DataStream<T> late) {
        return late.map(new CountRecords<T>("lateRecords", RunSummary.LATE))
                .uid("count-late" + suffix)
                .name("Count late records" + suffix);
    }

    /**
     * {@code env.execute(name)}; when the job ends here (not detached), prints its {@link
     * RunSummary}.
     */
    public JobExecutionResult execute() throws Exception {
        // Once every check passed and the job is built (their one-line errors come alone): the
        // options in one line (all of them with --verbose; always in the log), on stderr, as stdout
        // carries only the results, to pipe into jq or a file.
        System.err.println(startLine);
        long start = System.nanoTime();
        if (!local) {
            JobExecutionResult result = env.execute(name);
            if (result != null && result.isJobExecutionResult()) {
                System.err.println( // stdout holds only the results
                        RunSummary.of(name, result, Duration.ofNanos(System.nanoTime() - start))
                                .render());
            }
            return result;
        }
        // This JVM is the job's (bin/run): Ctrl-C stops the job with a final savepoint.
        boolean keepWebUi = Boolean.getBoolean(KEEP_WEB_UI_PROPERTY);
        CompletableFuture<Void> released = new CompletableFuture<>();
        StopOnSignal stop = StopOnSignal.install(name);
        try (stop) {
            JobClient client = keepWebUi ? executeKeepingCluster(released) : env.executeAsync(name);
            stop.submitted(client);
            JobExecutionResult result = client.getJobExecutionResult().get();
            String summary =
                    RunSummary.of(name, result, Duration.ofNanos(System.nanoTime() - start))
                            .render();
            if (stop.outcome() != null) {
                summary = summary.replaceFirst(" finished: ", " stopped: ");
                summary += "\n" + name + ": " + stop.outcome();
            }
            System.err.println(summary);
            if (keepWebUi && stop.outcome() == null) {
                keepWebUiUntilInterrupted(released);
            }
            return result;
        } catch (ExecutionException e) {
            if (stop.outcome() != null) { // cancelled as asked, after a failed stop
                System.err.println(name + ": " + stop.outcome());
                return null;
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Set by {@code bin/run --web-ui}: the Web UI outlives the job, until Ctrl-C. */
    static final String KEEP_WEB_UI_PROPERTY = "flink-recipes.keep-web-ui";

    /**
     * {@code env.executeAsync(name)} on a mini cluster that stays up after the job, so that its Web
     * UI still shows the finished job (as Spark's UI lives as long as the application), until
     * {@code released} completes.
     */
    private JobClient executeKeepingCluster(CompletableFuture<Void> released) throws Exception {
        Configuration conf = Configuration.fromMap(env.getConfiguration().toMap());
        conf.set(DeploymentOptions.ATTACHED, true);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        Function<MiniClusterConfiguration, MiniCluster> kept =
                config ->
                        new MiniCluster(config) {
                            @Override
                            public CompletableFuture<Void> closeAsync() {
                                return released.thenCompose(done -> super.closeAsync());
                            }
                        };
        return LocalExecutor.createWithFactory(conf, kept)
                .execute(graph, conf, Thread.currentThread().getContextClassLoader())
                .get();
    }

    private void keepWebUiUntilInterrupted(CompletableFuture<Void> released) {
        System.err.println(
                name
                        + ": the Web UI still shows the job, at http://localhost:"
                        + env.getConfiguration().get(RestOptions.BIND_PORT)
                        + " (Ctrl-C to end)");
        try (Interrupts interrupts =
                Interrupts.onFirst("release-web-ui", () -> released.complete(null))) {
            released.join();
        }
    }
}
