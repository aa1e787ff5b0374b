package dev.flinkrecipes.people;

import static org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.io.JobIO;
import dev.flinkrecipes.core.io.MongoUpsertSink;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.serde.RawRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Date;
import java.util.concurrent.Callable;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * People from Kafka into a PostgreSQL table (the document uses MongoDB). Rows are upserted by
 * person_id: a record replayed after a restart updates its row instead of adding one, so
 * at-least-once delivery with flushes on checkpoints leaves the table exactly as if each person
 * were written once.
 */
@Command(
        name = "people-to-postgres",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header =
                "Upserts fake people from Kafka into a PostgreSQL table or a MongoDB collection by"
                        + " person_id.",
        description = {
            "Reads 'iabd-python-topic' and upserts each person by person_id into the PostgreSQL"
                    + " table",
            "'kafka_personas' (created if missing), or with --store mongodb into the MongoDB"
                    + " collection 'kafka_personas'",
            "(replaceOne with upsert, written on every checkpoint). Bad records go to the DLQ"
                    + " (--sink chooses where)."
        })
public final class PeopleToPostgresJob implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JobOptions options = new JobOptions("iabd-python-topic", null);

    @Option(names = "--jdbc-url", description = "PostgreSQL JDBC URL. Default: ${DEFAULT-VALUE}.")
    String jdbcUrl = "jdbc:postgresql://localhost:5432/postgres";

    @Option(names = "--jdbc-user", description = "Database user. Default: ${DEFAULT-VALUE}.")
    String jdbcUser = "postgres";

    @Option(
            names = "--jdbc-password",
            description =
                    "Database password. Default: the PGPASSWORD environment variable, else empty.")
    String jdbcPassword;

    /** Where the people go. */
    public enum Store {
        postgres,
        mongodb
    }

    @Option(
            names = "--store",
            description =
                    "Database to upsert into: ${COMPLETION-CANDIDATES} (the document's MongoDB)."
                            + " Default: ${DEFAULT-VALUE}.")
    Store store = Store.postgres;

    @Option(
            names = "--mongo-uri",
            description =
                    "With --store mongodb: MongoDB connection string, e.g."
                            + " mongodb://user:password@host:27017/?authSource=admin (its password"
                            + " is never shown). Default: the MONGODB_URI environment variable,"
                            + " else mongodb://localhost:27017.")
    String mongoUri;

    @Option(
            names = "--mongo-database",
            description = "With --store mongodb: database. Default: ${DEFAULT-VALUE}.")
    String mongoDatabase = "iabd";

    @Option(
            names = "--mongo-collection",
            description = "With --store mongodb: collection. Default: ${DEFAULT-VALUE}.")
    String mongoCollection = "kafka_personas";

    @Option(
            names = "--mongo-batch-size",
            description =
                    "With --store mongodb: documents written at once; at the latest on every"
                            + " checkpoint. Default: ${DEFAULT-VALUE}.")
    int mongoBatchSize = 1000;

    @Option(names = "--table", description = "Table to write. Default: ${DEFAULT-VALUE}.")
    String table = "kafka_personas";

    @Option(
            names = "--create-table",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Create the table if it does not exist (from the client, at submission)."
                            + " Default: true.")
    boolean createTable = true;

    @Override
    public Integer call() throws Exception {
        if (!table.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException(
                    "--table must be a plain SQL identifier (letters, digits, _), got '"
                            + table
                            + "'");
        }
        if (mongoBatchSize < 1)
            throw new IllegalArgumentException(
                    "--mongo-batch-size must be 1 or more, got " + mongoBatchSize);
        String password =
                jdbcPassword != null
                        ? jdbcPassword
                        : System.getenv().getOrDefault("PGPASSWORD", "");
        if (store == Store.postgres && createTable) createTable(jdbcUrl, jdbcUser, password, table);
        // set before the job prints its configuration: shown there with its password masked
        if (store == Store.mongodb && mongoUri == null)
            mongoUri = System.getenv().getOrDefault("MONGODB_URI", "mongodb://localhost:27017");

        StreamJob job = StreamJob.create(spec, options);
        StreamExecutionEnvironment env = job.env();
        JobIO.NamedSource in = job.source(PersonGenerator::new);
        DataStream<RawRecord> records =
                in.uidAndParallelism(env.fromSource(in.source(), noWatermarks(), in.name()));
        DataStream<Person> people = job.parse(records, new PersonParser(), Person.class);
        switch (store) {
            case postgres -> toPostgres(people, password);
            case mongodb ->
                    // one writer per person: its upserts never race another writer's
                    people.keyBy(p -> p.personId)
                            .sinkTo(
                                    new MongoUpsertSink<>(
                                            mongoUri,
                                            mongoDatabase,
                                            mongoCollection,
                                            "person_id",
                                            PeopleToPostgresJob::document,
                                            mongoBatchSize))
                            .uid("sink-mongodb")
                            .name("MongoDB upsert: " + mongoDatabase + "." + mongoCollection);
        }
        job.execute();
        return 0;
    }

    private void toPostgres(DataStream<Person> people, String password) {
        people.sinkTo(
                        JdbcSink.<Person>builder()
                                .withQueryStatement(
                                        upsert(table),
                                        (statement, p) -> {
                                            statement.setString(1, p.personId);
                                            statement.setString(2, p.name);
                                            statement.setString(3, p.email);
                                            statement.setString(4, p.address);
                                            statement.setString(5, p.phone);
                                            statement.setString(6, p.job);
                                            statement.setTimestamp(7, new Timestamp(p.createdAt));
                                        })
                                .withExecutionOptions(
                                        JdbcExecutionOptions.builder()
                                                .withBatchSize(200)
                                                .withBatchIntervalMs(1000)
                                                .withMaxRetries(3)
                                                .build())
                                .buildAtLeastOnce(
                                        new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                                                .withUrl(jdbcUrl)
                                                .withDriverName("org.postgresql.Driver")
                                                .withUsername(jdbcUser)
                                                .withPassword(password)
                                                .build()))
                .uid("sink-postgres")
                .name("PostgreSQL upsert: " + table);
    }

    /** A person as the document's MongoDB collection holds it. */
    static Document document(Person p) {
        return new Document("person_id", p.personId)
                .append("name", p.name)
                .append("email", p.email)
                .append("address", p.address)
                .append("phone", p.phone)
                .append("job", p.job)
                .append("created_at", new Date(p.createdAt));
    }

    static String upsert(String table) {
        return "INSERT INTO "
                + table
                + " (person_id, name, email, address, phone, job, created_at) VALUES (?, ?, ?, ?,"
                + " ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET name = EXCLUDED.name, email ="
                + " EXCLUDED.email, address = EXCLUDED.address, phone = EXCLUDED.phone, job ="
                + " EXCLUDED.job, created_at = EXCLUDED.created_at, updated_at = now()";
    }

    static void createTable(String url, String user, String password, String table)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + table
                            + " (person_id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT,"
                            + " address TEXT, phone TEXT, job TEXT, created_at TIMESTAMPTZ NOT"
                            + " NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        }
    }
}
