package dev.flinkrecipes.core.options;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import picocli.CommandLine.Option;

/**
 * Where every output of a job goes ({@code --sink}: results, dead letters, late events) and how it
 * is written; the options of the results alone are {@link ResultsOptions}.
 */
public final class OutputOptions implements OptionSection {
    @Option(
            names = "--sink",
            description = "Output: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    public SinkKind sink = SinkKind.kafka;

    @Option(
            names = "--output",
            paramLabel = "<output>",
            description =
                    "With --sink file: folder for results/, dlq/ and late/ "
                            + "(committed on checkpoints; see --format).")
    public Path folder;

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
            names = "--show-rows",
            description =
                    "With --sink print: rows shown per batch (Spark's numRows). Default:"
                            + " ${DEFAULT-VALUE}.")
    public int showRows = 20;

    @Option(
            names = "--dlq-topic",
            description =
                    "Kafka topic for records that fail to parse or validate. Default:"
                            + " <input-topic>.dlq.")
    public String dlqTopic;

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

    @Option(
            names = "--transaction-timeout",
            converter = DurationConverter.class,
            description =
                    "Kafka transaction timeout: above the checkpoint interval, below the broker's"
                            + " transaction.max.timeout.ms (15min). Default: ${DEFAULT-VALUE}.")
    public Duration transactionTimeout = Duration.ofMinutes(10);

    @Option(
            names = "--record-timestamp",
            description =
                    "Kafka timestamp of the records written: write (the time of writing, like"
                        + " Spark; topic retention counts from now) or event (the row's event time,"
                        + " e.g. a window's end: a backfill older than the topic's retention.ms is"
                        + " deleted right away). Default: ${DEFAULT-VALUE}.")
    public RecordTimestamp recordTimestamp = RecordTimestamp.write;

    @Override
    public String heading() {
        return "Output";
    }
}
