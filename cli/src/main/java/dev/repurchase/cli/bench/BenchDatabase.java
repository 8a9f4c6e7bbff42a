package dev.repurchase.cli.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The PostgreSQL server the benchmark writes to. Every run works in a fresh schema named {@code
 * bench_<random>}, dropped when the run ends.
 */
final class BenchDatabase {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String DEFAULT_USER = "postgres";

    private final String url;
    private final String user;

    BenchDatabase(String url, String user) {
        this.url = url;
        this.user = user;
    }

    String createSchema() throws SQLException {
        String schema =
                "bench_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    void dropSchema(String schema) {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("bench: could not drop schema " + schema + ": " + e.getMessage());
        }
    }

    /** JDBC URL whose connections work in {@code schema}. */
    String urlFor(String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&user=" + user;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, null);
    }

    Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(urlFor(schema));
    }

    String version() {
        try (Connection c = connect();
                Statement s = c.createStatement();
                var r = s.executeQuery("SHOW server_version")) {
            r.next();
            return "PostgreSQL " + r.getString(1);
        } catch (SQLException e) {
            return "PostgreSQL (unreachable: " + e.getMessage() + ")";
        }
    }
}
