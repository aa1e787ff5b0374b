package dev.flinkrecipes.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.ops.FailureInjector;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaBroker;
import dev.flinkrecipes.testing.RunningJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ETL on a real broker: raw events (some without user_id) -> Parquet partitioned by
 * date_partition, with a failure injected mid-stream. The committed Parquet files must then hold
 * every event with a user_id exactly once, in the directory of its day, snappy-compressed; the
 * others are in raw_events.dlq.
 */
class KafkaToParquetIT {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @RegisterExtension
    static final KafkaBroker kafka =
            new KafkaBroker().topics(2, "raw_events").topics(1, "raw_events.dlq");

    @TempDir Path dir;

    @Test
    void everyEventWithAUserIdOnceInItsDaysPartition(@InjectClusterClient ClusterClient<?> client)
            throws Exception {
        Path parquet = dir.resolve("events");
        int failuresBefore = FailureInjector.FAILURES.get();
        try (RunningJob job =
                RunningJob.start(
                        client,
                        "kafka-etl-parquet",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--parquet-path",
                        parquet.toString(),
                        "--parallelism",
                        "2",
                        "--checkpoint-interval",
                        "1s",
                        "--inject-failure-after",
                        "400")) {

            String[] produce = {
                "produce-raw-events",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--seed",
                "4",
                "--count",
                "3000",
                "--event-spacing",
                "1min",
                "--start-time",
                "2024-01-15T22:00:00Z"
            };
            String[] slow = Await.concat(produce, "--rate", "600");
            assertThat(Main.run(slow)).isZero();
            Path sample = dir.resolve("raw.jsonl");
            assertThat(Main.run(Await.concat(produce, "--to-file", sample.toString()))).isZero();
            Map<String, String> expected = new HashMap<>(); // event_id -> day
            int withoutUser = 0;
            for (String line : Files.readAllLines(sample, StandardCharsets.UTF_8)) {
                JsonNode e = JsonlFiles.parse(line);
                if (!e.has("user_id") || e.get("user_id").isNull()) {
                    withoutUser++;
                } else {
                    expected.put(
                            e.get("event_id").asText(),
                            e.get("event_time").asText().substring(0, 10));
                }
            }
            assertThat(withoutUser).isPositive();

            Map<String, Integer> seen = new HashMap<>();
            Map<String, String> partitionOf = new HashMap<>();
            Await.untilChecked(
                    "every event with a user_id in committed Parquet files",
                    Duration.ofSeconds(90),
                    () -> {
                        seen.clear();
                        partitionOf.clear();
                        for (Path file : JsonlFiles.committedParts(parquet)) {
                            String partition = file.getParent().getFileName().toString();
                            try (ParquetReader<Group> reader =
                                    ParquetReader.builder(
                                                    new GroupReadSupport(),
                                                    new org.apache.hadoop.fs.Path(file.toUri()))
                                            .build()) {
                                for (Group g = reader.read(); g != null; g = reader.read()) {
                                    String id = g.getString("event_id", 0);
                                    seen.merge(id, 1, Integer::sum);
                                    partitionOf.put(id, partition);
                                }
                            }
                        }
                        return seen.size() >= expected.size();
                    },
                    () -> seen.size() + " of " + expected.size() + " events committed");
            assertThat(FailureInjector.FAILURES.get() - failuresBefore)
                    .as("injected failures")
                    .isPositive();
            assertThat(seen.entrySet())
                    .as("rows written twice")
                    .filteredOn(e -> e.getValue() > 1)
                    .isEmpty();
            assertThat(seen.keySet())
                    .as("every event with a user_id, nothing else")
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach(
                    (id, day) ->
                            assertThat(partitionOf.get(id)).isEqualTo("date_partition=" + day));
            assertThat(partitionOf.values())
                    .contains(
                            "date_partition=2024-01-15",
                            "date_partition=2024-01-16",
                            "date_partition=2024-01-17");

            Path one = JsonlFiles.committedParts(parquet).get(0);
            try (ParquetFileReader footer =
                    ParquetFileReader.open(
                            HadoopInputFile.fromPath(
                                    new org.apache.hadoop.fs.Path(one.toUri()),
                                    new Configuration()))) {
                for (BlockMetaData block : footer.getFooter().getBlocks()) {
                    for (ColumnChunkMetaData column : block.getColumns())
                        assertThat(column.getCodec()).isEqualTo(CompressionCodecName.SNAPPY);
                }
                assertThat(footer.getFileMetaData().getSchema().getFields())
                        .extracting(org.apache.parquet.schema.Type::getName)
                        .containsExactly(
                                "event_id",
                                "user_id",
                                "event_type",
                                "event_time",
                                "value",
                                "processed_timestamp");
            }
        }
    }
}
