package dev.flinkrecipes.people;

import dev.flinkrecipes.core.StreamJob;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.serde.RawRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.concurrent.Callable;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.streaming.api.datastream.DataStream;
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
        header = "Upserts fake people from Kafka into a PostgreSQL table by person_id.",
        description = {
            "Reads 'iabd-python-topic' and upserts each person by person_id into the PostgreSQL"
                    + " table",
            "'kafka_personas' (created if missing). Bad records go to the DLQ (--sink chooses"
                    + " where)."
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
        String password =
                jdbcPassword != null
                        ? jdbcPassword
                        : System.getenv().getOrDefault("PGPASSWORD", "");
        if (createTable) createTable(jdbcUrl, jdbcUser, password, table);

        StreamJob job = StreamJob.create(spec, options);
        DataStream<RawRecord> records = job.fromSource(PersonGenerator::new);
        DataStream<Person> people = job.parse(records, new PersonParser(), Person.class);
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
        job.execute();
        return 0;
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
