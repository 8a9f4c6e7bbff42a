package dev.repurchase.jobs.sink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates the sink tables and views from the DDL in {@code sql/} (packaged in the jar), in the
 * dialect of the connection's database.
 */
public final class SchemaInstaller {

    /**
     * Tries of the DDL: the writers of other TaskManagers may run the same DDL at the same time,
     * and PostgreSQL may then fail one {@code CREATE ... IF NOT EXISTS} on its catalog's unique
     * index; the next try finds the objects there.
     */
    private static final int TRIES = 3;

    /** The jobs and databases whose tables this JVM has made sure of. */
    private static final Set<String> ENSURED = new HashSet<>();

    private SchemaInstaller() {}

    /**
     * Creates the tables and views that do not exist yet, once per {@code scope} (a job) and
     * database in this JVM: the writers of one TaskManager that open after the first one wait for
     * it and run nothing.
     */
    public static synchronized void ensure(JdbcConnection database, String scope)
            throws IOException {
        if (ENSURED.contains(scope + " " + database.url())) {
            return;
        }
        for (int tryNumber = 1; ; tryNumber++) {
            try (Connection connection = database.open()) {
                install(connection);
                break;
            } catch (SQLException e) {
                if (tryNumber == TRIES) {
                    throw new IOException("cannot create the sink tables in " + database, e);
                }
            }
        }
        ENSURED.add(scope + " " + database.url());
    }

    public static void install(Connection connection) throws SQLException, IOException {
        for (String resource : SqlDialect.of(connection.getMetaData().getURL()).ddl()) {
            runScript(connection, resource);
        }
    }

    /** Runs a classpath SQL script whose statements end with ';' at the end of a line. */
    public static void runScript(Connection connection, String resource)
            throws SQLException, IOException {
        for (String sql : statements(resource)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
    }

    static List<String> statements(String resource) throws IOException {
        try (InputStream in =
                SchemaInstaller.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return java.util.Arrays.stream(script.split(";\\s*\\n"))
                    .map(SchemaInstaller::withoutComments)
                    .filter(s -> !s.isBlank())
                    .toList();
        }
    }

    private static String withoutComments(String sql) {
        return sql.lines()
                .filter(line -> !line.strip().startsWith("--"))
                .collect(java.util.stream.Collectors.joining("\n"))
                .strip();
    }
}
