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

/** The summary of replay and demo names the referrers owed the most (SPEC 8.1), by id. */
class ReplaySummaryTest {

    private static final String URL =
            "jdbc:h2:mem:summary;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";

    @Test
    void topReferrersByCommissionOwed() throws Exception {
        JdbcConnection sink = new JdbcConnection(URL, "sa", "");
        try (Connection c = sink.open();
                Statement s = c.createStatement()) {
            SchemaInstaller.install(c);
            s.execute(
                    "INSERT INTO referral_commission (referrer_id, order_id, level, customer_id,"
                            + " purchase_at, net_amount, commission) VALUES"
                            + " ('bob', 'o1', 1, 'cid', TIMESTAMP WITH TIME ZONE"
                            + " '2025-02-10 10:00:00+00', 100.00, 5.00),"
                            + " ('bob', 'o2', 1, 'dan', TIMESTAMP WITH TIME ZONE"
                            + " '2025-02-11 10:00:00+00', 40.00, 2.00),"
                            + " ('ann', 'o1', 2, 'cid', TIMESTAMP WITH TIME ZONE"
                            + " '2025-02-10 10:00:00+00', 100.00, 2.00)");
            ByteArrayOutputStream printed = new ByteArrayOutputStream();

            ReplaySummary.print(sink, new Configuration(), new PrintStream(printed, true));

            String summary = printed.toString(StandardCharsets.UTF_8);
            assertThat(summary)
                    .contains("referral_commission           3 rows")
                    .containsSubsequence(
                            "referrer bob                   2 referred customers,        2"
                                    + " commissions, owed 7.00",
                            "referrer ann                   1 referred customers,        1"
                                    + " commissions, owed 2.00");
            s.execute("DROP ALL OBJECTS");
        }
    }
}
