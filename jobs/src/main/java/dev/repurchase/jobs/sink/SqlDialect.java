package dev.repurchase.jobs.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What differs between the sink databases: the DDL of the contract tables, the idempotent upsert (a
 * replay after a failure writes the same absolute values again, so the tables stay exact) and how
 * an instant is stored.
 */
public enum SqlDialect {
    POSTGRES,
    H2,
    MYSQL;

    public static SqlDialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:")) {
            return MYSQL;
        }
        throw new IllegalArgumentException(
                "unsupported JDBC URL (use jdbc:postgresql:, jdbc:h2: or jdbc:mysql:/mariadb:): "
                        + JdbcConnection.redact(jdbcUrl));
    }

    /** The DDL files of the sink tables and the views over them, in the order they apply. */
    public List<String> ddl() {
        return this == MYSQL
                ? List.of("sql/mysql/001_tables.sql", "sql/mysql/002_views.sql")
                : List.of("sql/001_tables.sql", "sql/002_views.sql");
    }

    /**
     * Binds an instant (epoch milliseconds, or null). PostgreSQL and H2 store it with its zone;
     * MySQL's DATETIME has none, so it gets the UTC wall time, whatever the session's time zone.
     */
    public void setInstant(PreparedStatement statement, int index, Long epochMillis)
            throws SQLException {
        boolean zoned = this != MYSQL;
        if (epochMillis == null) {
            statement.setNull(index, zoned ? Types.TIMESTAMP_WITH_TIMEZONE : Types.TIMESTAMP);
        } else if (zoned) {
            statement.setObject(
                    index,
                    OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
        } else {
            statement.setObject(
                    index,
                    LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
        }
    }

    /** INSERT of all columns that updates the value columns when the key exists. */
    public String upsert(String table, List<String> keys, List<String> values) {
        String columns = String.join(", ", concat(keys, values));
        String params =
                concat(keys, values).stream().map(c -> "?").collect(Collectors.joining(", "));
        switch (this) {
            case POSTGRES:
                return "INSERT INTO "
                        + table
                        + " ("
                        + columns
                        + ") VALUES ("
                        + params
                        + ") ON CONFLICT ("
                        + String.join(", ", keys)
                        + ") DO UPDATE SET "
                        + values.stream()
                                .map(v -> v + " = EXCLUDED." + v)
                                .collect(Collectors.joining(", "));
            case H2:
                return "MERGE INTO "
                        + table
                        + " ("
                        + columns
                        + ") KEY ("
                        + String.join(", ", keys)
                        + ") VALUES ("
                        + params
                        + ")";
            case MYSQL:
                return "INSERT INTO "
                        + table
                        + " ("
                        + columns
                        + ") VALUES ("
                        + params
                        + ") ON DUPLICATE KEY UPDATE "
                        + values.stream()
                                .map(v -> v + " = VALUES(" + v + ")")
                                .collect(Collectors.joining(", "));
            default:
                throw new IllegalStateException(name());
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
