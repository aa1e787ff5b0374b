package dev.flinkrecipes.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.ops.FailureInjector;
import dev.flinkrecipes.demo.EmbeddedKafka;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaTopics;
import dev.flinkrecipes.testing.RunningJob;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The people pipeline against a real Kafka broker and a real PostgreSQL server (started by the test
 * from the PostgreSQL binaries in a Maven artifact): the producer sends fake people, a part of them
 * twice, the job fails once mid-stream and restarts from its checkpoint; the table then holds each
 * person exactly once, with the values of its message.
 */
class PeopleToPostgresIT {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    static EmbeddedKafka kafka;
    static EmbeddedPostgres postgres;

    @TempDir Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(2, "iabd-python-topic");
        kafka.createTopics(1, "iabd-python-topic.dlq");
        kafka.createTopics(1, "people-weird");
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) kafka.close();
        if (postgres != null) postgres.close();
    }

    @Test
    void eachPersonOnceAfterDuplicatesAndARestart(@InjectClusterClient ClusterClient<?> client)
            throws Exception {
        String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
        int failuresBefore = FailureInjector.FAILURES.get();
        try (RunningJob job =
                RunningJob.start(
                        client,
                        "people-to-postgres",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--jdbc-url",
                        jdbcUrl,
                        "--parallelism",
                        "2",
                        "--checkpoint-interval",
                        "1s",
                        "--inject-failure-after",
                        "100")) {

            // The producer tool, 600 people in slices, then the first 200 again (a producer-side
            // replay).
            String[] produce = {
                "produce-people",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--rate",
                "200",
                "--seed",
                "3",
                "--start-time",
                "2024-01-15T10:00:00Z",
                "--malformed-every",
                "250"
            };
            assertThat(Main.run(Await.concat(produce, "--count", "600"))).isZero();
            assertThat(Main.run(Await.concat(produce, "--count", "200"))).isZero();

            Path file = dir.resolve("people.jsonl");
            assertThat(
                            Main.run(
                                    Await.concat(
                                            produce,
                                            "--count",
                                            "600",
                                            "--to-file",
                                            file.toString())))
                    .isZero();
            Map<String, JsonNode> expected = new HashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.contains("person_id")) {
                    JsonNode p = JsonlFiles.parse(line);
                    expected.put(p.get("person_id").asText(), p);
                }
            }
            assertThat(expected).hasSize(600);

            Map<String, String> rows = new HashMap<>();
            long[] total = {0};
            Await.untilChecked(
                    "a row per person in kafka_personas",
                    Duration.ofSeconds(90),
                    () -> {
                        rows.clear();
                        try (Connection c = postgres.getPostgresDatabase().getConnection();
                                Statement s = c.createStatement()) {
                            try (ResultSet r =
                                    s.executeQuery("SELECT count(*) FROM kafka_personas")) {
                                r.next();
                                total[0] = r.getLong(1);
                            }
                            try (ResultSet r =
                                    s.executeQuery(
                                            "SELECT person_id, name, email, address, phone, job,"
                                                    + " created_at FROM kafka_personas")) {
                                while (r.next()) {
                                    rows.put(
                                            r.getString(1),
                                            String.join(
                                                    "|",
                                                    r.getString(2),
                                                    r.getString(3),
                                                    r.getString(4),
                                                    r.getString(5),
                                                    r.getString(6),
                                                    r.getTimestamp(7).toInstant().toString()));
                                }
                            }
                        }
                        return total[0] >= expected.size();
                    },
                    () -> total[0] + " of " + expected.size() + " rows");
            assertThat(FailureInjector.FAILURES.get() - failuresBefore)
                    .as("injected failures")
                    .isPositive();
            assertThat(total[0])
                    .as("one row per person, duplicates and replays upserted")
                    .isEqualTo(expected.size());
            expected.forEach(
                    (id, p) ->
                            assertThat(rows.get(id))
                                    .as(id)
                                    .isEqualTo(
                                            String.join(
                                                    "|",
                                                    p.get("name").asText(),
                                                    p.get("email").asText(),
                                                    p.get("address").asText(),
                                                    p.get("phone").asText(),
                                                    p.get("job").asText(),
                                                    p.get("created_at").asText())));
        }
    }

    private static String person(String id, String name, String createdAt) {
        return "{\"person_id\":\""
                + id
                + "\",\"name\":\""
                + name
                + "\",\"email\":\"x@y.es\",\"created_at\":\""
                + createdAt
                + "\"}";
    }

    /**
     * People PostgreSQL cannot store (a NUL character in a name, a creation time in the year
     * 300000) are dead letters, and the people around them are stored. Before, the JDBC sink's
     * batch failed on them, then the job, then every restart on the same records; with no restarts
     * allowed, the run must succeed.
     */
    @Test
    void peopleTheDatabaseCannotStoreAreDeadLettersAndTheOthersAreStored() throws Exception {
        try (KafkaProducer<String, String> p = KafkaTopics.producer(kafka.bootstrapServers())) {
            KafkaTopics.send(p, "people-weird", "p1", person("p1", "Ana", "2024-01-15T10:00:00Z"));
            KafkaTopics.send(
                    p,
                    "people-weird",
                    "p2",
                    person("p2", "Nul\\u0000Byte", "2024-01-15T10:00:01Z"));
            KafkaTopics.send(
                    p, "people-weird", "p3", person("p3", "Far", "+300000-01-01T00:00:00Z"));
            KafkaTopics.send(p, "people-weird", "p4", person("p4", "Eva", "2024-01-15T10:00:03Z"));
        }
        Path out = dir.resolve("out");
        assertThat(
                        Main.run(
                                "people-to-postgres",
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--input-topic",
                                "people-weird",
                                "--jdbc-url",
                                postgres.getJdbcUrl("postgres", "postgres"),
                                "--bounded",
                                "--parallelism",
                                "1",
                                "--table",
                                "weird_personas",
                                "--sink",
                                "file",
                                "--output",
                                out.toString(),
                                "--checkpoint-interval",
                                "500ms",
                                "--conf",
                                "restart-strategy.type=none"))
                .as("the job finished without a failure")
                .isZero();

        List<String> stored = new ArrayList<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery("SELECT person_id FROM weird_personas ORDER BY person_id")) {
            while (r.next()) stored.add(r.getString(1));
        }
        assertThat(stored).containsExactly("p1", "p4");
        List<JsonNode> dlq = JsonlFiles.readCommitted(out.resolve("dlq"));
        assertThat(dlq)
                .extracting(d -> d.get("offset").asLong() + " " + d.get("reason").asText())
                .containsExactlyInAnyOrder(
                        "1 name: contains a NUL character, which PostgreSQL text cannot store",
                        "2 created_at: '+300000-01-01T00:00:00Z' is outside the years 0001 to"
                                + " 9999");
    }
}
