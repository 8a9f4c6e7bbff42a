package dev.repurchase.jobs.sink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates the sink tables and views from the DDL in {@code sql/} (packaged in the jar), in the
 * dialect of the connection's database.
 */
public final class SchemaInstaller {

    private SchemaInstaller() {}

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
