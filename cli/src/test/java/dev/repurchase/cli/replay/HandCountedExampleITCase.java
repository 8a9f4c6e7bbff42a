package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.sink.SchemaInstaller;
import dev.repurchase.jobs.testing.TestPostgres;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The small example history of {@code sql/examples} (refund after the fact, ties, time zone
 * boundaries, every exclusion) through the real pipeline: the sink tables must hold the values
 * worked out by hand in {@code sql/examples/check_expected.sql}.
 */
class HandCountedExampleITCase {

    private static final Path EXAMPLES = Path.of("../sql/examples");

    private String schema;

    @AfterEach
    void dropSchema() throws Exception {
        TestPostgres.dropSchema(schema);
    }

    @Test
    void streamHoldsTheHandCountedValues() throws Exception {
        schema = TestPostgres.createSchema("example");
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(schema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        config.set(RepurchaseOptions.TIMEZONE, "Asia/Shanghai");
        config.set(RepurchaseOptions.EXCLUDED_CUSTOMERS, List.of("test-account"));
        OrderHistory history =
                OrderHistory.read(
                        EXAMPLES.resolve("orders.csv"), EXAMPLES.resolve("order_items.csv"));

        new HistoryReplay(config, new PrintStream(OutputStream.nullOutputStream()))
                .run(DebeziumChangeFeed.of(history));

        assertThat(mismatches()).isEmpty();
    }

    /** Runs the hand-counted check over the stream's tables; returns its mismatching rows. */
    private List<String> mismatches() throws Exception {
        try (Connection c = TestPostgres.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + schema);
            }
            try {
                SchemaInstaller.runScript(c, "sql/examples/check_expected.sql");
                return List.of();
            } catch (java.sql.SQLException checkFailed) {
                List<String> rows = new ArrayList<>();
                try (Statement s = c.createStatement();
                        ResultSet r =
                                s.executeQuery(
                                        "SELECT check_name || ' ' || side || ': ' || row_text"
                                                + " FROM x_mismatch ORDER BY 1")) {
                    while (r.next()) {
                        rows.add(r.getString(1));
                    }
                }
                rows.add(0, checkFailed.getMessage());
                return rows;
            }
        }
    }
}
