package dev.repurchase.jobs.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The PostgreSQL server of the machine (127.0.0.1:5432, user postgres, database test). Each test
 * works in schemas of its own, so tests and sessions sharing the server do not collide.
 */
public final class TestPostgres {

    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String USER = "postgres";

    private TestPostgres() {}

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, null);
    }

    /** JDBC URL whose connections work in {@code schema}. */
    public static String urlFor(String schema) {
        return URL + "?currentSchema=" + schema + "&user=" + USER;
    }

    /** Creates a fresh schema named {@code prefix_<random>} and returns its name. */
    public static String createSchema(String prefix) throws SQLException {
        String schema =
                prefix
                        + "_"
                        + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    /**
     * Drops {@code schema} and what it holds. Waits at most 30 s for the locks: a session left
     * behind by a test's job fails the drop with PostgreSQL's lock timeout instead of holding the
     * build until CI's deadline.
     */
    public static void dropSchema(String schema) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '30s'");
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
