package dev.flinkrecipes.etl;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.serde.RawRecord;
import java.util.concurrent.Callable;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The document's ETL. Extract from raw_events, keep events with a user_id, add processed_timestamp
 * and date_partition, load as snappy Parquet partitioned by date_partition. Files are committed on
 * checkpoints: after a failure the job resumes from its last checkpoint and no row is missing or
 * written twice.
 */
@Command(
        name = "kafka-etl-parquet",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Cleans raw events and writes them as Parquet files partitioned by date.",
        description = {
            "'raw_events' -> drop events without user_id (to the DLQ, with the reason) -> add"
                    + " processed_timestamp",
            "and date_partition (yyyy-MM-dd of event_time, UTC) -> Parquet (snappy) under"
                    + " --parquet-path/date_partition=.../,",
            "files committed on checkpoints (exactly once)."
        })
public final class KafkaToParquetJob implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JobOptions options = new JobOptions("raw_events", null);

    @Option(
            names = "--parquet-path",
            required = true,
            description =
                    "Where the Parquet files go (a local folder, or any file system Flink has, e.g."
                            + " s3://, hdfs://).")
    String parquetPath;

    @Override
    public Integer call() throws Exception {
        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        JobIO.NamedSource in = job.source(RawEventGenerator::new);
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        job.parse(records, new RawEventParser(), RawEvent.class)
                .map(new CleanEvent.Enrich())
                .uid("enrich")
                .name("Add processed_timestamp and date_partition")
                .sinkTo(
                        FileSink.forBulkFormat(new Path(parquetPath), ParquetEvents.writerFactory())
                                .withBucketAssigner(new ParquetEvents.ByDatePartition())
                                .withOutputFileConfig(
                                        OutputFileConfig.builder()
                                                .withPartPrefix("part")
                                                .withPartSuffix(".snappy.parquet")
                                                .build())
                                .build())
                .uid("sink-parquet")
                .name("Parquet sink (snappy, by date_partition)");
        job.execute();
        return 0;
    }
}
