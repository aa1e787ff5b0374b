package dev.flinkrecipes.state.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL server of the cases that write to one ({@code people-to-postgres}): a real server
 * from the PostgreSQL binaries in a Maven artifact, on a free port, started at the first such run
 * of the JVM (zonky stops it when the JVM exits). Each run writes a table of its own, named after
 * its output folder.
 */
final class CompatPostgres {
    private CompatPostgres() {}

    private static EmbeddedPostgres server;

    static synchronized String jdbcUrl() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new IllegalStateException("could not start PostgreSQL", e);
            }
        }
        return server.getJdbcUrl("postgres", "postgres");
    }

    /** The table of the run writing to {@code output}: a plain SQL identifier. */
    static String table(Path output) {
        return "compat_"
                + Integer.toUnsignedString(output.toAbsolutePath().toString().hashCode(), 36);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The people the run writing to {@code output} stored, one row each, as the job's input names
     * the fields ({@code updated_at}, the time of the write, left out).
     */
    static List<JsonNode> people(Path output) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl());
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT person_id, name, email, address, phone, job, created_at"
                                        + " FROM "
                                        + table(output)
                                        + " ORDER BY person_id")) {
            while (r.next()) {
                ObjectNode row = JSON.createObjectNode();
                for (String column :
                        List.of("person_id", "name", "email", "address", "phone", "job"))
                    row.put(column, r.getString(column));
                row.put("created_at", r.getTimestamp("created_at").toInstant().toString());
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IOException("reading " + table(output), e);
        }
        return rows;
    }
}
