package dev.flinkrecipes.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.ResultFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The slimmed job jar (only the Hadoop packages Parquet's writer loads) still runs the Parquet ETL
 * where it matters: submitted with Flink's CLI to a standalone cluster of the bin/ scripts, whose
 * classpath has no Hadoop at all. The MiniCluster test (KafkaToParquetIT) runs on the test
 * classpath, full Hadoop included, so it cannot tell. Every event with a user_id must come back
 * from the committed Parquet files.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ParquetJarClusterIT {
    @RegisterExtension static final SharedCluster CLUSTER = new SharedCluster();
    static LocalCluster cluster;

    @BeforeAll
    static void createTopic() throws Exception {
        cluster = CLUSTER.get();
        cluster.createTopics("raw_events");
    }

    @Test
    void parquetJobFromTheJarWritesEveryEventWithAUserId() throws Exception {
        Path parquet = cluster.run.resolve("events");
        String submitted =
                bin(
                        "job-submit",
                        "kafka-etl-parquet",
                        "--bootstrap-servers",
                        cluster.kafka,
                        "--parquet-path",
                        parquet.toString(),
                        "--checkpoint-interval",
                        "1s",
                        "--sink",
                        "print");
        assertThat(submitted).contains("Job has been submitted with JobID");

        String[] produce = {
            "produce-raw-events",
            "--bootstrap-servers",
            cluster.kafka,
            "--seed",
            "7",
            "--count",
            "2000",
            "--event-spacing",
            "1min",
            "--start-time",
            "2024-01-15T22:00:00Z"
        };
        assertThat(Main.run(Await.concat(produce, "--rate", "0"))).isZero();
        Path sample = cluster.run.resolve("raw.jsonl");
        assertThat(Main.run(Await.concat(produce, "--to-file", sample.toString()))).isZero();
        Set<String> expected = new HashSet<>();
        for (String line : Files.readAllLines(sample, StandardCharsets.UTF_8)) {
            JsonNode e = JsonlFiles.parse(line);
            if (e.hasNonNull("user_id")) expected.add(e.get("event_id").asText());
        }

        Set<String> seen = new HashSet<>();
        cluster.awaitTrue(
                "every event with a user_id in committed Parquet files",
                Duration.ofSeconds(90),
                () -> {
                    seen.clear();
                    try {
                        for (Path file : JsonlFiles.committedParts(parquet)) {
                            try (ParquetReader<Group> reader =
                                    ParquetReader.builder(
                                                    new GroupReadSupport(),
                                                    new org.apache.hadoop.fs.Path(file.toUri()))
                                            .build()) {
                                for (Group g = reader.read(); g != null; g = reader.read())
                                    seen.add(g.getString("event_id", 0));
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return seen.size() >= expected.size();
                });
        assertThat(seen)
                .as("events read back from the Parquet files; logs:%n%s", logTails())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * {@code --format csv|parquet --partition-by} from the jar: flink-csv, flink-parquet and the
     * part of flink-table-common the jar keeps, on a cluster that has none of them. The same
     * generated input, so both formats must hold the same rows, by day.
     */
    @Test
    void csvAndParquetFromTheJarHoldTheSameRowsByDay() throws Exception {
        Map<String, Path> results = new LinkedHashMap<>();
        for (String format : List.of("csv", "parquet")) {
            Path out = cluster.run.resolve("by-day-" + format);
            results.put(format, out.resolve("results"));
            String submitted =
                    bin(
                            "job-submit",
                            "transaction-analytics",
                            "--source",
                            "generator",
                            "--count",
                            "1500",
                            "--rate",
                            "5000",
                            "--start-time",
                            "2024-01-15T20:00:00Z",
                            "--event-spacing",
                            "1min",
                            "--sink",
                            "file",
                            "--output",
                            out.toString(),
                            "--format",
                            format,
                            "--partition-by",
                            "window_start",
                            "--checkpoint-interval",
                            "1s");
            assertThat(submitted).contains("Job has been submitted with JobID");
        }
        cluster.awaitTrue(
                "both jobs finished",
                Duration.ofSeconds(90),
                () -> {
                    JsonNode jobs = cluster.get("/jobs/overview").path("jobs");
                    int finished = 0;
                    for (JsonNode j : jobs) {
                        if (j.path("name").asText().equals("transaction-analytics")) {
                            assertThat(j.path("state").asText())
                                    .as("transaction-analytics")
                                    .isIn("CREATED", "INITIALIZING", "RUNNING", "FINISHED");
                            if (j.path("state").asText().equals("FINISHED")) finished++;
                        }
                    }
                    return finished == 2;
                });
        for (String day : List.of("date=2024-01-15", "date=2024-01-16")) {
            List<Map<String, String>> parquet =
                    ResultFiles.read("parquet", results.get("parquet").resolve(day), null);
            List<String> header = new ArrayList<>(parquet.get(0).keySet());
            assertThat(header).startsWith("window_start", "window_end", "location");
            assertThat(ResultFiles.read("csv", results.get("csv").resolve(day), header))
                    .as(day)
                    .containsExactlyInAnyOrderElementsOf(parquet);
            assertThat(parquet)
                    .allSatisfy(
                            r -> assertThat(r.get("window_start")).startsWith(day.substring(5)));
        }
        try (Stream<Path> days = Files.list(results.get("parquet"))) {
            assertThat(days.map(d -> d.getFileName().toString()))
                    .containsExactlyInAnyOrder("date=2024-01-15", "date=2024-01-16");
        }
    }

    private static String logTails() {
        return cluster.logTails();
    }

    static String bin(String script, String... args) {
        return cluster.bin(script, args);
    }
}
