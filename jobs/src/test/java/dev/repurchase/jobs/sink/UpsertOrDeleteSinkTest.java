package dev.repurchase.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.customer.ReferralCommission;
import dev.repurchase.jobs.config.PipelineOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upsert-or-delete sink on referral_commission, which holds what is owed now (SPEC 8.1): rows
 * written, rewritten and deleted.
 */
class UpsertOrDeleteSinkTest {

    private static final String URL =
            "jdbc:h2:mem:referrals;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";

    private Connection h2;
    private SinkWriter<ReferralCommission> writer;

    @BeforeEach
    @SuppressWarnings("deprecation")
    void open() throws Exception {
        h2 = DriverManager.getConnection(URL, "sa", "");
        SchemaInstaller.install(h2);
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_CREATE_TABLES, false);
        config.set(PipelineOptions.SINK_BATCH_SIZE, 2);
        writer =
                new JdbcSinks(new JdbcConnection(URL, "sa", ""), config)
                        .referralCommissions()
                        .createWriter((Sink.InitContext) null);
    }

    @AfterEach
    void close() throws Exception {
        writer.close();
        try (Statement s = h2.createStatement()) {
            s.execute("DROP ALL OBJECTS");
        }
        h2.close();
    }

    private static ReferralCommission owed(String referrer, String order, long commissionCents) {
        return new ReferralCommission(
                referrer, order, 1, "cid", 1_700_000_000_000L, 2_000, commissionCents);
    }

    private List<String> rows() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement s = h2.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT referrer_id, order_id, level, net_amount, commission"
                                        + " FROM referral_commission ORDER BY 1, 2")) {
            while (r.next()) {
                rows.add(
                        r.getString(1)
                                + " "
                                + r.getString(2)
                                + " "
                                + r.getInt(3)
                                + " "
                                + r.getBigDecimal(4)
                                + " "
                                + r.getBigDecimal(5));
            }
        }
        return rows;
    }

    @Test
    void theLatestRowOfAKeyWinsAndAGoneRowIsDeleted() throws Exception {
        writer.write(owed("bob", "o1", 100), null);
        writer.write(owed("bob", "o2", 100), null);
        writer.flush(false);
        assertThat(rows()).containsExactly("bob o1 1 20.00 1.00", "bob o2 1 20.00 1.00");

        // o1 refunded in part (its commission rewritten), o2 refunded (gone), then o2 back again
        // and gone again before the next flush: the last word counts.
        writer.write(owed("bob", "o1", 50), null);
        writer.write(owed("bob", "o2", 100).gone(), null);
        writer.flush(false);
        assertThat(rows()).containsExactly("bob o1 1 20.00 0.50");

        writer.write(owed("bob", "o3", 100), null);
        writer.write(owed("bob", "o3", 100).gone(), null);
        writer.flush(true);
        assertThat(rows()).containsExactly("bob o1 1 20.00 0.50");
    }

    @Test
    void deletingARowThatIsNotThereIsHarmless() throws Exception {
        writer.write(owed("bob", "o9", 100).gone(), null);
        writer.flush(true);

        assertThat(rows()).isEmpty();
    }
}
