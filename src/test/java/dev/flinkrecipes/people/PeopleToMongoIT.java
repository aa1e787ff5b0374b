package dev.flinkrecipes.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.ops.FailureInjector;
import dev.flinkrecipes.testing.Await;
import dev.flinkrecipes.testing.ConsoleCapture;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The people pipeline into MongoDB's collection {@code kafka_personas}, as the document has it,
 * against mongo-java-server (an in-JVM server that speaks MongoDB's wire protocol; no MongoDB
 * server can be installed here): the job fails once after a checkpoint and replays from it, and the
 * collection then holds exactly one document per person, with the values of its record.
 */
class PeopleToMongoIT {
    static final int PEOPLE = 600;

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

    static MongoServer server;
    static String uri;

    @TempDir Path dir;

    @BeforeAll
    static void start() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        uri = "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.shutdown();
    }

    @Test
    void eachPersonOnceAfterAFailureAndReplay() throws Exception {
        String[] people = {
            "--seed", "5", "--start-time", "2024-01-15T10:00:00Z", "--count", String.valueOf(PEOPLE)
        };
        int failuresBefore = FailureInjector.FAILURES.get();
        assertThat(
                        Main.run(
                                Await.concat(
                                        Await.concat(
                                                new String[] {
                                                    "people-to-postgres",
                                                    "--store",
                                                    "mongodb",
                                                    "--mongo-uri",
                                                    uri,
                                                    // writes between checkpoints too: a replay
                                                    // writes some people a second time
                                                    "--mongo-batch-size",
                                                    "10",
                                                    "--source",
                                                    "generator",
                                                    "--rate",
                                                    "200",
                                                    "--sink",
                                                    "discard",
                                                    "--parallelism",
                                                    "2",
                                                    "--checkpoint-interval",
                                                    "300ms",
                                                    "--inject-failure-after",
                                                    "150"
                                                },
                                                people))))
                .isZero();
        assertThat(FailureInjector.FAILURES.get() - failuresBefore)
                .as("injected failures")
                .isPositive();

        // The same people, from the producer tool with the same seed.
        Path file = dir.resolve("people.jsonl");
        String[] produce = {"produce-people", "--rate", "200", "--to-file", file.toString()};
        assertThat(Main.run(Await.concat(produce, people))).isZero();
        Map<String, JsonNode> expected = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode p = JsonlFiles.parse(line);
            expected.put(p.get("person_id").asText(), p);
        }
        assertThat(expected).hasSize(PEOPLE);

        try (MongoClient client = MongoClients.create(uri)) {
            MongoCollection<Document> personas =
                    client.getDatabase("iabd").getCollection("kafka_personas");
            assertThat(personas.countDocuments()).as("one document per person").isEqualTo(PEOPLE);
            for (Document d : personas.find()) {
                JsonNode p = expected.get(d.getString("person_id"));
                assertThat(p).as("a generated person: %s", d).isNotNull();
                assertThat(d.getString("name")).isEqualTo(p.get("name").asText());
                assertThat(d.getString("email")).isEqualTo(p.get("email").asText());
                assertThat(d.getDate("created_at").toInstant())
                        .isEqualTo(Instant.parse(p.get("created_at").asText()));
            }
        }
    }
}
