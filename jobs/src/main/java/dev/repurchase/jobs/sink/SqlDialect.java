package dev.repurchase.jobs.sink;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes the idempotent upsert of each sink database: a replay after a failure writes the same
 * absolute values again, so the tables stay exact.
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
