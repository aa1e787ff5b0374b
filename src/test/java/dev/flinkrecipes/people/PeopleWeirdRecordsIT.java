package dev.flinkrecipes.people;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.demo.EmbeddedKafka;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.KafkaTopics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People PostgreSQL cannot store (a NUL character in a name, a creation time in the year 300000) are dead letters
 * on a real broker and database, and the people around them are stored. Before, the JDBC sink's batch failed on
 * them, then the job, then every restart on the same records; with no restarts allowed, the run must succeed.
 */
class PeopleWeirdRecordsIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    static EmbeddedKafka kafka;
    static EmbeddedPostgres postgres;

    @TempDir Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(1, "people-weird");
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) kafka.close();
        if (postgres != null) postgres.close();
    }

    private static String person(String id, String name, String createdAt) {
        return "{\"person_id\":\"" + id + "\",\"name\":\"" + name + "\",\"email\":\"x@y.es\",\"created_at\":\"" + createdAt + "\"}";
    }

    @Test
    void peopleTheDatabaseCannotStoreAreDeadLettersAndTheOthersAreStored() throws Exception {
        try (KafkaProducer<String, String> p = KafkaTopics.producer(kafka.bootstrapServers())) {
            KafkaTopics.send(p, "people-weird", "p1", person("p1", "Ana", "2024-01-15T10:00:00Z"));
            KafkaTopics.send(p, "people-weird", "p2", person("p2", "Nul\\u0000Byte", "2024-01-15T10:00:01Z"));
            KafkaTopics.send(p, "people-weird", "p3", person("p3", "Far", "+300000-01-01T00:00:00Z"));
            KafkaTopics.send(p, "people-weird", "p4", person("p4", "Eva", "2024-01-15T10:00:03Z"));
        }
        Path out = dir.resolve("out");
        assertThat(Main.run("people-to-postgres", "--bootstrap-servers", kafka.bootstrapServers(), "--input-topic", "people-weird",
                "--jdbc-url", postgres.getJdbcUrl("postgres", "postgres"), "--bounded", "--parallelism", "1",
                "--sink", "file", "--output", out.toString(), "--checkpoint-interval", "500ms",
                "--conf", "restart-strategy.type=none")).as("the job finished without a failure").isZero();

        List<String> stored = new ArrayList<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT person_id FROM kafka_personas ORDER BY person_id")) {
            while (r.next()) stored.add(r.getString(1));
        }
        assertThat(stored).containsExactly("p1", "p4");
        List<JsonNode> dlq = JsonlFiles.readCommitted(out.resolve("dlq"));
        assertThat(dlq).extracting(d -> d.get("offset").asLong() + " " + d.get("reason").asText()).containsExactlyInAnyOrder(
                "1 name: contains a NUL character, which PostgreSQL text cannot store",
                "2 created_at: '+300000-01-01T00:00:00Z' is outside the years 0001 to 9999");
    }
}
