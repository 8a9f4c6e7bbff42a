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

/**
 * The summary a replay or the demo prints at its end: the referrers owed the most (SPEC 8.1), by
 * id, and the abuse flags per flash sale and rule (SPEC 8.2).
 */
class ReplaySummaryTest {

    @Test
    void topReferrersByCommissionOwed() throws Exception {
        String summary =
                summaryOf(
                        "referrals",
                        "INSERT INTO referral_commission (referrer_id, order_id, level, customer_id,"
                                + " purchase_at, net_amount, commission) VALUES"
                                + " ('bob', 'o1', 1, 'cid', TIMESTAMP WITH TIME ZONE"
                                + " '2025-02-10 10:00:00+00', 100.00, 5.00),"
                                + " ('bob', 'o2', 1, 'dan', TIMESTAMP WITH TIME ZONE"
                                + " '2025-02-11 10:00:00+00', 40.00, 2.00),"
                                + " ('ann', 'o1', 2, 'cid', TIMESTAMP WITH TIME ZONE"
                                + " '2025-02-10 10:00:00+00', 100.00, 2.00)");

        assertThat(summary)
                .contains("referral_commission           3 rows")
                .containsSubsequence(
                        "referrer bob                   2 referred customers,        2"
                                + " commissions, owed 7.00",
                        "referrer ann                   1 referred customers,        1"
                                + " commissions, owed 2.00");
    }

    @Test
    void flaggedOrdersAreCountedPerFlashSaleAndRule() throws Exception {
        String summary =
                summaryOf(
                        "abuse",
                        "INSERT INTO abuse_flag (order_id, campaign_id, rule, rank, purchase_at)"
                                + " VALUES"
                                + " ('o-2', 'flash-1111', 'device', 2, TIMESTAMP '2025-11-11"
                                + " 00:01:00'),"
                                + " ('o-3', 'flash-1111', 'device', 3, TIMESTAMP '2025-11-11"
                                + " 00:02:00'),"
                                + " ('o-9', 'flash-1111', 'ip', 4, TIMESTAMP '2025-11-11"
                                + " 00:09:00')");

        assertThat(summary)
                .containsPattern("abuse_flag +3 rows")
                .containsPattern("abuse flag flash-1111 device +2 orders")
                .containsPattern("abuse flag flash-1111 ip +1 orders");
    }

    /** The summary of a sink database (in memory, its own) holding the rows {@code insert} adds. */
    private static String summaryOf(String database, String insert) throws Exception {
        JdbcConnection sink =
                new JdbcConnection(
                        "jdbc:h2:mem:summary-"
                                + database
                                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                        "sa",
                        "");
        try (Connection c = sink.open();
                Statement s = c.createStatement()) {
            SchemaInstaller.install(c);
            s.execute(insert);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            ReplaySummary.print(
                    sink,
                    new Configuration(),
                    new PrintStream(printed, true, StandardCharsets.UTF_8));
            s.execute("DROP ALL OBJECTS");
            return printed.toString(StandardCharsets.UTF_8);
        }
    }
}
