package dev.repurchase.jobs.sink;

import dev.repurchase.jobs.config.PipelineOptions;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;

/**
 * Where the sink tables are: URL and credentials from the configuration or, for credentials, the
 * environment ({@code REPURCHASE_JDBC_USERNAME}, {@code REPURCHASE_JDBC_PASSWORD}). Its {@link
 * #toString} never shows them. The option {@code jdbc.password} is one Flink treats as sensitive
 * (its key contains "password"), so Flink hides it wherever it logs a configuration; credentials
 * written into {@code jdbc.url} are not hidden by Flink, so they belong in the options or the
 * environment.
 */
public final class JdbcConnection implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String url;
    private final String username;
    private final String password;

    public JdbcConnection(String url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    public static JdbcConnection from(ReadableConfig config) {
        return new JdbcConnection(
                config.get(PipelineOptions.JDBC_URL),
                config.getOptional(PipelineOptions.JDBC_USERNAME)
                        .orElse(System.getenv("REPURCHASE_JDBC_USERNAME")),
                config.getOptional(PipelineOptions.JDBC_PASSWORD)
                        .orElse(System.getenv("REPURCHASE_JDBC_PASSWORD")));
    }

    public String url() {
        return url;
    }

    public SqlDialect dialect() {
        return SqlDialect.of(url);
    }

    public Connection open() throws SQLException {
        return DriverManager.getConnection(driverUrl(), username, password);
    }

    JdbcConnectionOptions options() {
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder builder =
                new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                        .withUrl(driverUrl())
                        .withDriverName(driverClass());
        Optional.ofNullable(username).ifPresent(builder::withUsername);
        Optional.ofNullable(password).ifPresent(builder::withPassword);
        return builder.build();
    }

    /**
     * The URL given to the driver. MariaDB Connector/J serves MySQL servers as well, but takes
     * {@code jdbc:mysql:} URLs only with a flag; the bundled driver gets them as {@code
     * jdbc:mariadb:}.
     */
    private String driverUrl() {
        return url.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + url.substring(11) : url;
    }

    private String driverClass() {
        switch (dialect()) {
            case POSTGRES:
                return "org.postgresql.Driver";
            case H2:
                return "org.h2.Driver";
            case MYSQL:
                return "org.mariadb.jdbc.Driver";
            default:
                throw new IllegalStateException(dialect().name());
        }
    }

    /** The URL without credentials or parameters, for logs. */
    @Override
    public String toString() {
        return redact(url);
    }

    /**
     * A JDBC URL fit for a log line: without its parameters ({@code ?user=..&password=..}, H2's
     * {@code ;PASSWORD=..}) and without credentials before its host ({@code
     * jdbc:mysql://user:password@host/db}, {@code jdbc:oracle:thin:user/password@host}).
     */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("[?;].*", "")
                .replaceAll("//[^/@]*@", "//")
                .replaceAll(":[^:/@]*/[^:/@]*@", ":@");
    }
}
