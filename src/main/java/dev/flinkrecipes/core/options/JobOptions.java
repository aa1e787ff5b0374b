package dev.flinkrecipes.core.options;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every pipeline shares: where to read, where to write, checkpointing and event time. A
 * job mixes these in ({@code @Mixin}) and sets its own defaults for the topics it reads and writes.
 */
public class JobOptions {

    /** For picocli; a job that reads and writes topics uses {@link #JobOptions(String, String)}. */
    public JobOptions() {}

    /** The job's own topics become the defaults shown by {@code --help}. */
    public JobOptions(String inputTopic, String outputTopic) {
        this.inputTopic = inputTopic;
        this.outputTopic = outputTopic;
    }

    // ---- what the job uses: set where the job creates its options; JobHelp shows and accepts only
    // these ----

    /**
     * The sources this job can read ({@code --source}); the options of the others are not offered.
     */
    public EnumSet<SourceKind> sources = EnumSet.allOf(SourceKind.class);

    /** The job assigns event time: the watermark options and the late output are offered. */
    public boolean eventTime;

    /**
     * The output modes this job offers ({@code --output-mode}); none for a job that does not
     * aggregate.
     */
    public EnumSet<OutputMode> outputModes = EnumSet.noneOf(OutputMode.class);

    /**
     * The job aggregates: {@code --output-mode} (one of {@code offered}) and {@code --trigger},
     * with these defaults.
     */
    public JobOptions withOutputModes(
            OutputMode defaultMode, Duration defaultTrigger, OutputMode... offered) {
        outputModes = EnumSet.copyOf(List.of(offered));
        outputMode = defaultMode;
        trigger = defaultTrigger;
        return this;
    }

    /**
     * A windowed job: all three output modes, append by default, early rows every {@code trigger}.
     */
    public JobOptions withWindowOutputModes(Duration trigger) {
        return withOutputModes(OutputMode.append, trigger, OutputMode.values());
    }

    /** The job has event time, watermarks and a late output. */
    public JobOptions withEventTime() {
        eventTime = true;
        return this;
    }

    /** The job reads only these kinds of source (e.g. no generator for a job without one). */
    public JobOptions readingFrom(SourceKind... kinds) {
        sources = EnumSet.copyOf(List.of(kinds));
        return this;
    }

    /**
     * Fills the defaults that depend on the job's name or on other options, and rejects
     * combinations that cannot work, with a message that says what to change.
     */
    public void resolve(String jobName) {
        if (groupId == null) groupId = jobName;
        if (!sources.contains(source)) {
            throw new IllegalArgumentException(
                    "--source "
                            + source
                            + " is not offered by "
                            + jobName
                            + "; choose one of "
                            + String.join(", ", sources.stream().map(Enum::name).toList()));
        }
        if (dlqTopic == null && inputTopic != null) dlqTopic = inputTopic + ".dlq";
        if (lateTopic == null && outputTopic != null) lateTopic = outputTopic + ".late";
        if (transactionalIdPrefix == null)
            transactionalIdPrefix = defaultTransactionalIdPrefix(jobName);
        if (source == SourceKind.file && input == null) {
            throw new IllegalArgumentException("--source file needs --input <file or folder>");
        }
        if (sink == SinkKind.file && output == null) {
            throw new IllegalArgumentException("--sink file needs --output <folder>");
        }
        if (source == SourceKind.kafka || sink == SinkKind.kafka) kafka.resolve();
        if (format == null) format = OutputFormat.defaultFor(sink);
        if (!OutputFormat.of(sink).contains(format)) {
            throw new IllegalArgumentException(
                    "--format "
                            + format
                            + " is not offered by --sink "
                            + sink
                            + "; choose one of "
                            + String.join(
                                    ", ", OutputFormat.of(sink).stream().map(Enum::name).toList()));
        }
        if (partitionBy != null && sink != SinkKind.file) {
            throw new IllegalArgumentException(
                    "--partition-by writes date= folders of files: it needs --sink file, not --sink"
                            + " "
                            + sink);
        }
        if (afterCommit == AfterCommit.archive && archiveDir == null) {
            throw new IllegalArgumentException(
                    "--after-commit archive needs --archive-dir <folder>");
        }
        if (afterCommit != AfterCommit.keep && checkpointInterval.isZero()) {
            throw new IllegalArgumentException(
                    "--after-commit "
                            + afterCommit
                            + " acts on committed checkpoints: set --checkpoint-interval above 0");
        }
        if (!outputModes.isEmpty()) {
            if (!outputModes.contains(outputMode)) {
                throw new IllegalArgumentException(
                        "--output-mode "
                                + outputMode
                                + " is not offered by "
                                + jobName
                                + "; choose one of "
                                + String.join(", ", outputModes.stream().map(Enum::name).toList())
                                + (outputMode == OutputMode.append
                                        ? " (append needs rows that become final: windows with a"
                                                + " watermark)"
                                        : ""));
            }
            boolean everyChange =
                    !eventTime
                            && outputMode == OutputMode.update; // a running table: 0 = each change
            if (trigger.isNegative() || trigger.isZero() && !everyChange) {
                throw new IllegalArgumentException(
                        "--trigger must be above 0, got " + DurationConverter.format(trigger));
            }
        }
        if (maxFutureSkew.isNegative())
            throw new IllegalArgumentException(
                    "--max-future-skew must be 0 (off) or more, got "
                            + DurationConverter.format(maxFutureSkew));
        if (maxRate < 0)
            throw new IllegalArgumentException(
                    "--max-rate must be 0 (no limit) or more, got " + maxRate);
        if (maxFilesPerCycle < 0)
            throw new IllegalArgumentException("--max-files-per-cycle must be 0 (all) or more");
        if (source == SourceKind.generator && rate <= 0) {
            throw new IllegalArgumentException("--rate must be above 0, got " + rate);
        }
        if (count < 0)
            throw new IllegalArgumentException(
                    "--count must be 0 (unbounded) or more, got " + count);
        if (parallelism < 0)
            throw new IllegalArgumentException("--parallelism must be 0 (cluster default) or more");
        if (sink == SinkKind.kafka && deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            if (checkpointInterval.isZero()) {
                throw new IllegalArgumentException(
                        "--delivery-guarantee EXACTLY_ONCE commits on checkpoints: set"
                                + " --checkpoint-interval above 0 or choose --delivery-guarantee"
                                + " AT_LEAST_ONCE|NONE");
            }
            if (transactionTimeout.compareTo(checkpointInterval) <= 0) {
                throw new IllegalArgumentException(
                        "--transaction-timeout ("
                                + DurationConverter.format(transactionTimeout)
                                + ") must be longer than --checkpoint-interval ("
                                + DurationConverter.format(checkpointInterval)
                                + ")");
            }
        }
    }

    /**
     * {@code <job>-<output-topic>} (the DLQ topic for a job without one): two deployments of a job
     * that write different topics never share a transactional id, and the same options give the
     * same prefix after a restart or a savepoint resume, so the sink finds and aborts its own
     * lingering transactions. The sink appends the output ({@code -results}, {@code -dlq}, {@code
     * -late}, {@code -dlq-<input>}).
     */
    String defaultTransactionalIdPrefix(String jobName) {
        String topic = outputTopic != null ? outputTopic : dlqTopic;
        return topic == null ? jobName : jobName + "-" + topic;
    }

    // ---- source ----
    @Option(
            names = "--source",
            description = "Input: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    public SourceKind source = SourceKind.kafka;

    @Option(
            names = "--bootstrap-servers",
            description = "Kafka brokers. Default: ${DEFAULT-VALUE}.")
    public String bootstrapServers = "localhost:9092";

    /** {@code --kafka-property} and {@code --kafka-properties}: for every Kafka client. */
    @Mixin public KafkaClientOptions kafka = new KafkaClientOptions();

    @Option(
            names = "--input-topic",
            description = "Kafka topic to read. Default: ${DEFAULT-VALUE}.")
    public String inputTopic;

    @Option(names = "--group-id", description = "Kafka consumer group. Default: the job name.")
    public String groupId;

    @Option(
            names = "--starting-offsets",
            description =
                    "Where a Kafka source starts without a checkpoint: ${COMPLETION-CANDIDATES}."
                            + " Default: ${DEFAULT-VALUE}.")
    public StartingOffsets startingOffsets = StartingOffsets.earliest;

    @Option(
            names = "--bounded",
            description =
                    "Read Kafka only up to the offsets that are latest at start, then finish"
                            + " (Spark's availableNow).")
    public boolean bounded;

    @Option(
            names = "--input",
            description = "File or folder to read (with --source file); see the job's description.")
    public Path input;

    @Option(
            names = "--watch",
            converter = DurationConverter.class,
            description =
                    "With --source file: keep watching the folder for new files at this interval (0"
                            + " = read once and finish). Default: 0.")
    public Duration watch = Duration.ZERO;

    @Option(
            names = "--max-files-per-cycle",
            description =
                    "With --watch: start at most this many new files per discovery cycle (Spark's"
                            + " maxFilesPerTrigger; 0 = all). Default: 0.")
    public int maxFilesPerCycle;

    @Option(
            names = "--max-rate",
            description =
                    "With --source kafka|file|socket: at most this many records per second for the"
                            + " whole job, at a steady pace (a replay at a fixed rate, like Spark's"
                            + " maxOffsetsPerTrigger; 0 = as fast as possible). Default: 0.")
    public double maxRate;

    @Option(
            names = "--after-commit",
            description =
                    "With --source file: what to do with an input file once its records are"
                            + " committed: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    public AfterCommit afterCommit = AfterCommit.keep;

    @Option(
            names = "--archive-dir",
            description = "With --after-commit archive: where input files are moved.")
    public Path archiveDir;

    @Option(
            names = "--rate",
            description = "Generator: events per second. Default: ${DEFAULT-VALUE}.")
    public double rate = 10;

    @Option(
            names = "--count",
            description =
                    "Generator: events in all, then finish (0 = unbounded). Default:"
                            + " ${DEFAULT-VALUE}.")
    public long count;

    @Option(
            names = "--seed",
            description =
                    "Generator: random seed; the same seed gives the same events. Default:"
                            + " ${DEFAULT-VALUE}.")
    public long seed = 42;

    @Option(
            names = "--start-time",
            description =
                    "Generator: event time of the first event, ISO-8601 (events follow 1/rate"
                            + " seconds apart). Default: now.")
    public Instant startTime;

    @Option(
            names = "--event-spacing",
            converter = DurationConverter.class,
            description =
                    "Generator: event time between consecutive events, e.g. 1s for the documents'"
                        + " 'N records one second apart' at any --rate. Default: 1/rate (event time"
                        + " = real time).")
    public Duration eventSpacing;

    @Option(names = "--socket-host", description = "Socket source host. Default: ${DEFAULT-VALUE}.")
    public String socketHost = "localhost";

    @Option(names = "--socket-port", description = "Socket source port. Default: ${DEFAULT-VALUE}.")
    public int socketPort = 9999;

    // ---- sinks ----
    @Option(
            names = "--sink",
            description = "Output: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    public SinkKind sink = SinkKind.kafka;

    @Option(
            names = "--output-topic",
            description = "Kafka topic for the results. Default: ${DEFAULT-VALUE}.")
    public String outputTopic;

    @Option(
            names = "--dlq-topic",
            description =
                    "Kafka topic for records that fail to parse or validate. Default:"
                            + " <input-topic>.dlq.")
    public String dlqTopic;

    @Option(
            names = "--late-topic",
            description =
                    "Kafka topic for events behind the watermark. Default: <output-topic>.late.")
    public String lateTopic;

    @Option(
            names = "--output",
            description =
                    "With --sink file: folder for results/, dlq/ and late/ "
                            + "(committed on checkpoints; see --format).")
    public Path output;

    @Option(
            names = "--mode",
            description =
                    "With --sink file, when --output already holds files (Spark's"
                            + " DataFrameWriter.mode): errorifexists (refuse to start), append (add"
                            + " this run's files) or overwrite (delete the results, dlq and late"
                            + " folders first). A run that resumes a checkpoint or savepoint"
                            + " appends. Default: ${DEFAULT-VALUE}.")
    public SaveMode saveMode = SaveMode.errorifexists;

    @Option(
            names = "--delivery-guarantee",
            description =
                    "Kafka sink guarantee: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    public DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.EXACTLY_ONCE;

    @Option(
            names = "--transactional-id-prefix",
            description =
                    "Kafka transactional id prefix, unique per running job (checked against the"
                            + " cluster's running jobs at submit). Default: <job>-<output-topic>.")
    public String transactionalIdPrefix;

    /**
     * Not an option: the REST API of the cluster the job is submitted to, set when the job is built
     * (null for a local run). The job's Kafka writers check there, as they start, that no earlier
     * job holds {@link #transactionalIdPrefix}.
     */
    public URI clusterRest;

    @Option(
            names = "--record-timestamp",
            description =
                    "Kafka timestamp of the records written: write (the time of writing, like"
                        + " Spark; topic retention counts from now) or event (the row's event time,"
                        + " e.g. a window's end: a backfill older than the topic's retention.ms is"
                        + " deleted right away). Default: ${DEFAULT-VALUE}.")
    public RecordTimestamp recordTimestamp = RecordTimestamp.write;

    @Option(
            names = "--transaction-timeout",
            converter = DurationConverter.class,
            description =
                    "Kafka transaction timeout: above the checkpoint interval, below the broker's"
                            + " transaction.max.timeout.ms (15min). Default: 10min.")
    public Duration transactionTimeout = Duration.ofMinutes(10);

    @Option(
            names = "--output-mode",
            description =
                    "Spark's output mode (each job says what its modes write). Default:"
                            + " ${DEFAULT-VALUE}.")
    public OutputMode outputMode = OutputMode.append;

    @Option(
            names = "--trigger",
            converter = DurationConverter.class,
            description =
                    "Processing-time trigger of update and complete modes (Spark's"
                            + " trigger(processingTime=...)). Default: 10s.")
    public Duration trigger = Duration.ofSeconds(10);

    @Option(
            names = "--format",
            description =
                    "Format of the results, by sink. print: table (a 'Batch: N' header and a"
                        + " df.show() table per batch, like Spark's console sink; the default) or"
                        + " json (a JSON line per result). file: json (JSON lines, the default),"
                        + " csv (a header line per part file) or parquet (snappy); columns named as"
                        + " the JSON fields, timestamps as the JSON writes them (CSV) or as Parquet"
                        + " timestamps; dead letters and late records stay JSON lines (their shape"
                        + " is not the results'). kafka: json.")
    public OutputFormat format;

    @Option(
            names = "--partition-by",
            paramLabel = "FIELD",
            description =
                    "With --sink file: results in one folder per UTC day of this timestamp field of"
                        + " the results (e.g. window_start, timestamp): results/date=yyyy-MM-dd/,"
                        + " like Spark's partitionBy on a date column.")
    public String partitionBy;

    @Option(
            names = "--show-rows",
            description =
                    "With --sink print: rows shown per batch (Spark's numRows). Default:"
                            + " ${DEFAULT-VALUE}.")
    public int showRows = 20;

    @Option(
            names = "--quiet",
            description =
                    "No progress line on stderr during a local run (it is off anyway when not on a"
                            + " terminal).")
    public boolean quiet;

    @Option(
            names = "--verbose",
            description =
                    "Print every option's value at start (always in the log file), not only the"
                            + " one-line summary.")
    public boolean verbose;

    // ---- runtime ----
    @Option(
            names = "--checkpoint-interval",
            converter = DurationConverter.class,
            description =
                    "Checkpoint interval (0 = off; exactly-once Kafka sinks need it on). Default:"
                            + " 10s.")
    public Duration checkpointInterval = Duration.ofSeconds(10);

    @Option(
            names = "--state-backend",
            description =
                    "Where state lives: ${COMPLETION-CANDIDATES} (rocksdb: on local disk, larger"
                            + " than the heap, incremental checkpoints). Default: the cluster's;"
                            + " hashmap for a local run.")
    public StateBackendKind stateBackend;

    @Option(
            names = "--parallelism",
            description = "Job parallelism (0 = the cluster's default). Default: ${DEFAULT-VALUE}.")
    public int parallelism;

    @Option(
            names = "--idle-timeout",
            converter = DurationConverter.class,
            description =
                    "A source split with no events for this long stops holding back the watermark."
                            + " Default: 1min.")
    public Duration idleTimeout = Duration.ofMinutes(1);

    @Option(
            names = "--max-future-skew",
            converter = DurationConverter.class,
            description =
                    "Records whose event time is further ahead of this machine's clock than this go"
                            + " to the dead letters: one record from a producer whose clock is"
                            + " hours ahead would move the watermark and make the on-time records"
                            + " after it late. 0 = off. Default: 0 (off); e.g. 1h.")
    public Duration maxFutureSkew = Duration.ZERO;

    @Option(
            names = "--watermark-emission",
            description =
                    "When watermarks are emitted: ${COMPLETION-CANDIDATES}. Default:"
                            + " ${DEFAULT-VALUE}.")
    public WatermarkEmission watermarkEmission = WatermarkEmission.periodic;

    @Option(
            names = "--conf",
            paramLabel = "KEY=VALUE",
            description =
                    "Extra Flink configuration for this job, repeatable (like spark-submit --conf),"
                            + " e.g. --conf"
                            + " execution.state-recovery.path=file:///.../savepoint-1a2b3c-4d5e6f")
    public Map<String, String> flinkConf = new LinkedHashMap<>();

    /**
     * Chaos testing: the first attempt of each parallel instance fails once after this many
     * records.
     */
    @Option(names = "--inject-failure-after", hidden = true)
    public long injectFailureAfter;
}
