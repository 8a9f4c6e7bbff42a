package dev.repurchase.jobs.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The MariaDB server of the machine (127.0.0.1:3306, user root, no password). Each test works in
 * databases of its own, so tests and sessions sharing the server do not collide.
 */
public final class TestMariaDb {

    private static final String SERVER = "jdbc:mariadb://127.0.0.1:3306/";
    private static final String USER = "root";

    private TestMariaDb() {}

    /** JDBC URL whose connections work in {@code database}. */
    public static String urlFor(String database) {
        return SERVER + database + "?user=" + USER;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(urlFor(database));
    }

    /** Creates a fresh database named {@code prefix_<random>} and returns its name. */
    public static String createDatabase(String prefix) throws SQLException {
        String database =
                prefix
                        + "_"
                        + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        try (Connection c = DriverManager.getConnection(SERVER + "?user=" + USER);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        return database;
    }

    public static void dropDatabase(String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "?user=" + USER);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
        }
    }

    /**
     * Copies every row of {@code table} from a MariaDB database into the same table of a PostgreSQL
     * connection, so the contract tables of both can be compared with one query. A DATETIME holds
     * UTC time (sql/mysql/001_tables.sql) and becomes that instant.
     */
    public static void copyTable(String database, String table, Connection postgres)
            throws SQLException {
        try (Connection maria = connect(database);
                Statement select = maria.createStatement();
                ResultSet rows = select.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rows.getMetaData();
            int n = meta.getColumnCount();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                columns.add(meta.getColumnName(i));
            }
            String insert =
                    "INSERT INTO "
                            + table
                            + " ("
                            + String.join(", ", columns)
                            + ") VALUES ("
                            + String.join(", ", Collections.nCopies(n, "?"))
                            + ")";
            try (PreparedStatement target = postgres.prepareStatement(insert)) {
                while (rows.next()) {
                    for (int i = 1; i <= n; i++) {
                        target.setObject(i, value(rows, i, meta.getColumnType(i)));
                    }
                    target.addBatch();
                }
                target.executeBatch();
            }
        }
    }

    private static Object value(ResultSet rows, int i, int type) throws SQLException {
        switch (type) {
            case Types.DATE:
                return rows.getObject(i, java.time.LocalDate.class);
            case Types.TIMESTAMP:
                LocalDateTime utc = rows.getObject(i, LocalDateTime.class);
                return utc == null ? null : utc.atOffset(ZoneOffset.UTC);
            default:
                return rows.getObject(i);
        }
    }
}
