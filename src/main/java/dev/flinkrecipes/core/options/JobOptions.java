package dev.flinkrecipes.core.options;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A job's options, composed of picocli mixins by concern ({@link OptionSection}s): a job declares
 * {@code @Mixin JobOptions options = new JobOptions(inputTopic, outputTopic)...} and says with it
 * which concerns it has, each with the job's own defaults. Every job has {@link #input}, {@link
 * #kafka}, {@link #output}, {@link #checkpointing} and {@link #runtime}; the sources it reads
 * ({@link #readingFrom}), the results options when it has a results topic, event time ({@link
 * #withEventTime}) and output modes ({@link #withOutputModes}) as it says. {@link JobHelp} adds the
 * mixins of {@link #offered()} to the job's command: an option of another is unknown to the job.
 *
 * <p>Every concern exists, offered or not, with its defaults: code that reads one needs no check.
 * ({@code @Command}: picocli takes a class without options as a mixin only so annotated.)
 */
@Command
public class JobOptions {

    /** For picocli; a job that reads and writes topics uses {@link #JobOptions(String, String)}. */
    public JobOptions() {}

    /** The job's own topics become the defaults shown by {@code --help}. */
    public JobOptions(String inputTopic, String outputTopic) {
        this.kafkaSource.inputTopic = inputTopic;
        this.results.outputTopic = outputTopic;
    }

    /** {@code --source} and {@code --max-rate}. */
    public final InputOptions input = new InputOptions();

    /** {@code --bootstrap-servers}, {@code --kafka-property(ies)}: for every Kafka client. */
    public final KafkaClientOptions kafka = new KafkaClientOptions();

    public final KafkaSourceOptions kafkaSource = new KafkaSourceOptions();
    public final FileSourceOptions file = new FileSourceOptions();
    public final SocketOptions socket = new SocketOptions();
    public final GeneratorOptions generator = new GeneratorOptions();

    /** {@code --output-mode} and {@code --trigger}, with the modes the job offers. */
    public final OutputModeOptions aggregation = new OutputModeOptions();

    /** {@code --sink} and how every output is written. */
    public final OutputOptions output = new OutputOptions();

    /** {@code --output-topic}, {@code --format}, {@code --partition-by}. */
    public final ResultsOptions results = new ResultsOptions();

    public final EventTimeOptions eventTime = new EventTimeOptions();
    public final CheckpointOptions checkpointing = new CheckpointOptions();
    public final RuntimeOptions runtime = new RuntimeOptions();

    /**
     * The sources this job can read ({@code --source}); the options of the others are not offered.
     */
    public EnumSet<SourceKind> sources = EnumSet.allOf(SourceKind.class);

    /**
     * The job assigns event time: the {@link #eventTime} options and the late output are offered.
     */
    public boolean hasEventTime;

    /**
     * Not an option: the REST API of the cluster the job is submitted to, set when the job is built
     * (null for a local run). The job's Kafka writers check there, as they start, that no earlier
     * job holds the transactional id prefix.
     */
    public URI clusterRest;

    /**
     * The job aggregates: {@code --output-mode} (one of {@code offered}) and {@code --trigger},
     * with these defaults.
     */
    public JobOptions withOutputModes(
            OutputMode defaultMode, Duration defaultTrigger, OutputMode... offered) {
        aggregation.offered = EnumSet.copyOf(List.of(offered));
        aggregation.outputMode = defaultMode;
        aggregation.trigger = defaultTrigger;
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
        hasEventTime = true;
        return this;
    }

    /** The job reads only these kinds of source (e.g. no generator for a job without one). */
    public JobOptions readingFrom(SourceKind... kinds) {
        sources = EnumSet.copyOf(List.of(kinds));
        return this;
    }

    /** Picocli mixes this into a job: the job's command gets the mixins of {@link #offered()}. */
    @Spec(Spec.Target.MIXEE)
    void composeInto(CommandSpec job) {
        JobHelp.compose(job, this);
    }

    /**
     * The mixins of the concerns this job has, by name, in the order {@code --help} lists them
     * (sections in the order of their first mixin).
     */
    public Map<String, OptionSection> offered() {
        Map<String, OptionSection> offered = new LinkedHashMap<>();
        offered.put("input", input);
        offered.put("kafka", kafka);
        if (sources.contains(SourceKind.kafka)) offered.put("kafkaSource", kafkaSource);
        if (sources.contains(SourceKind.file)) offered.put("file", file);
        if (sources.contains(SourceKind.socket)) offered.put("socket", socket);
        if (sources.contains(SourceKind.generator)) offered.put("generator", generator);
        if (!aggregation.offered.isEmpty()) offered.put("aggregation", aggregation);
        offered.put("output", output);
        // No results topic: the job writes its results elsewhere (its report folder, its own
        // Parquet, PostgreSQL), so --sink places only its dead letters, always JSON.
        if (results.outputTopic != null) offered.put("results", results);
        if (hasEventTime) offered.put("eventTime", eventTime);
        offered.put("checkpointing", checkpointing);
        offered.put("runtime", runtime);
        return offered;
    }

    /**
     * Fills the defaults that depend on the job's name or on other options, and rejects
     * combinations that cannot work, with a message that says what to change.
     */
    public void resolve(String jobName) {
        if (kafkaSource.groupId == null) kafkaSource.groupId = jobName;
        if (!sources.contains(input.source)) {
            throw new IllegalArgumentException(
                    "--source "
                            + input.source
                            + " is not offered by "
                            + jobName
                            + "; choose one of "
                            + String.join(", ", sources.stream().map(Enum::name).toList()));
        }
        if (output.dlqTopic == null && kafkaSource.inputTopic != null)
            output.dlqTopic = kafkaSource.inputTopic + ".dlq";
        if (eventTime.lateTopic == null && results.outputTopic != null)
            eventTime.lateTopic = results.outputTopic + ".late";
        if (output.transactionalIdPrefix == null)
            output.transactionalIdPrefix = defaultTransactionalIdPrefix(jobName);
        if (input.source == SourceKind.file && file.input == null) {
            throw new IllegalArgumentException("--source file needs --input <file or folder>");
        }
        if (output.sink == SinkKind.file && output.folder == null) {
            throw new IllegalArgumentException("--sink file needs --output <folder>");
        }
        if (input.source == SourceKind.kafka || output.sink == SinkKind.kafka) kafka.resolve();
        if (results.format == null) results.format = OutputFormat.defaultFor(output.sink);
        if (!OutputFormat.of(output.sink).contains(results.format)) {
            throw new IllegalArgumentException(
                    "--format "
                            + results.format
                            + " is not offered by --sink "
                            + output.sink
                            + "; choose one of "
                            + String.join(
                                    ", ",
                                    OutputFormat.of(output.sink).stream()
                                            .map(Enum::name)
                                            .toList()));
        }
        if (results.partitionBy != null && output.sink != SinkKind.file) {
            throw new IllegalArgumentException(
                    "--partition-by writes date= folders of files: it needs --sink file, not --sink"
                            + " "
                            + output.sink);
        }
        if (file.afterCommit == AfterCommit.archive && file.archiveDir == null) {
            throw new IllegalArgumentException(
                    "--after-commit archive needs --archive-dir <folder>");
        }
        if (file.afterCommit != AfterCommit.keep && checkpointing.checkpointInterval.isZero()) {
            throw new IllegalArgumentException(
                    "--after-commit "
                            + file.afterCommit
                            + " acts on committed checkpoints: set --checkpoint-interval above 0");
        }
        if (!aggregation.offered.isEmpty()) {
            if (!aggregation.offered.contains(aggregation.outputMode)) {
                throw new IllegalArgumentException(
                        "--output-mode "
                                + aggregation.outputMode
                                + " is not offered by "
                                + jobName
                                + "; choose one of "
                                + String.join(
                                        ", ", aggregation.offered.stream().map(Enum::name).toList())
                                + (aggregation.outputMode == OutputMode.append
                                        ? " (append needs rows that become final: windows with a"
                                                + " watermark)"
                                        : ""));
            }
            boolean everyChange =
                    !hasEventTime
                            && aggregation.outputMode
                                    == OutputMode.update; // a running table: 0 = each change
            if (aggregation.trigger.isNegative() || aggregation.trigger.isZero() && !everyChange) {
                throw new IllegalArgumentException(
                        "--trigger must be above 0, got "
                                + DurationConverter.format(aggregation.trigger));
            }
        }
        if (eventTime.maxFutureSkew.isNegative())
            throw new IllegalArgumentException(
                    "--max-future-skew must be 0 (off) or more, got "
                            + DurationConverter.format(eventTime.maxFutureSkew));
        if (input.maxRate < 0)
            throw new IllegalArgumentException(
                    "--max-rate must be 0 (no limit) or more, got " + input.maxRate);
        if (file.maxFilesPerCycle < 0)
            throw new IllegalArgumentException("--max-files-per-cycle must be 0 (all) or more");
        if (input.source == SourceKind.generator && generator.rate <= 0) {
            throw new IllegalArgumentException("--rate must be above 0, got " + generator.rate);
        }
        if (generator.count < 0)
            throw new IllegalArgumentException(
                    "--count must be 0 (unbounded) or more, got " + generator.count);
        if (runtime.parallelism < 0)
            throw new IllegalArgumentException("--parallelism must be 0 (cluster default) or more");
        if (output.sink == SinkKind.kafka
                && output.deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            if (checkpointing.checkpointInterval.isZero()) {
                throw new IllegalArgumentException(
                        "--delivery-guarantee EXACTLY_ONCE commits on checkpoints: set"
                                + " --checkpoint-interval above 0 or choose --delivery-guarantee"
                                + " AT_LEAST_ONCE|NONE");
            }
            if (output.transactionTimeout.compareTo(checkpointing.checkpointInterval) <= 0) {
                throw new IllegalArgumentException(
                        "--transaction-timeout ("
                                + DurationConverter.format(output.transactionTimeout)
                                + ") must be longer than --checkpoint-interval ("
                                + DurationConverter.format(checkpointing.checkpointInterval)
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
        String topic = results.outputTopic != null ? results.outputTopic : output.dlqTopic;
        return topic == null ? jobName : jobName + "-" + topic;
    }
}
