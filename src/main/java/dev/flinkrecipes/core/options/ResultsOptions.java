package dev.flinkrecipes.core.options;

import picocli.CommandLine.Option;

/**
 * The results' topic and shape: offered by a job that writes its results through {@code --sink}
 * (one that writes them elsewhere, e.g. its own Parquet or PostgreSQL, has no results topic).
 */
public final class ResultsOptions implements OptionSection {
    @Option(
            names = "--output-topic",
            description = "Kafka topic for the results. Default: ${DEFAULT-VALUE}.")
    public String outputTopic;

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

    @Override
    public String heading() {
        return "Output";
    }
}
