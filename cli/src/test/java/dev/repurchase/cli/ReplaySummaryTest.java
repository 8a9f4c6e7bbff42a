package dev.repurchase.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.jobs.sink.JdbcConnection;
import dev.repurchase.jobs.sink.SchemaInstaller;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The summary a replay or the demo prints at its end counts the abuse flags per sale and rule. */
class ReplaySummaryTest {

    @Test
    void flaggedOrdersAreCountedPerFlashSaleAndRule() throws Exception {
        JdbcConnection sink =
                new JdbcConnection(
                        "jdbc:h2:mem:replay-summary;MODE=PostgreSQL;DB_CLOSE_DELAY=-1", null, null);
        try (Connection c = sink.open();
                Statement s = c.createStatement()) {
            SchemaInstaller.install(c);
            s.execute(
                    "INSERT INTO abuse_flag (order_id, campaign_id, rule, rank, purchase_at) VALUES"
                            + " ('o-2', 'flash-1111', 'device', 2, TIMESTAMP '2025-11-11 00:01:00'),"
                            + " ('o-3', 'flash-1111', 'device', 3, TIMESTAMP '2025-11-11 00:02:00'),"
                            + " ('o-9', 'flash-1111', 'ip', 4, TIMESTAMP '2025-11-11 00:09:00')");
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        ReplaySummary.print(
                sink, new Configuration(), new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .containsPattern("abuse_flag +3 rows")
                .containsPattern("abuse flag flash-1111 device +2 orders")
                .containsPattern("abuse flag flash-1111 ip +1 orders");
    }
}
