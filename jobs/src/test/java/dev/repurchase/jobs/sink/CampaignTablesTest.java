package dev.repurchase.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.metric.MetricTable;
import dev.repurchase.jobs.aggregate.MetricRow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The M9 and coupon tables on the embedded database: the sink's upserts of their rows, and the
 * views that turn them into rates (each beside its numerator and denominator).
 */
class CampaignTablesTest {

    private Connection h2;

    @BeforeEach
    void install() throws Exception {
        h2 =
                DriverManager.getConnection(
                        "jdbc:h2:mem:campaigns;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
        SchemaInstaller.install(h2);
    }

    @AfterEach
    void close() throws Exception {
        h2.close();
    }

    private void upsert(MetricKey key, long... values) throws Exception {
        try (PreparedStatement s =
                h2.prepareStatement(MetricTableStatement.upsert(SqlDialect.H2, key.table))) {
            MetricTableStatement.binder(key.table).accept(s, new MetricRow(key, values));
            s.executeUpdate();
        }
    }

    private String row(String sql) throws Exception {
        try (Statement s = h2.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            assertThat(r.next()).as(sql).isTrue();
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                row.append(i > 1 ? " " : "").append(r.getString(i));
            }
            return row.toString();
        }
    }

    @Test
    void campaignUpliftIsTheDifferenceOfTheRepurchaseRates() throws Exception {
        upsert(MetricKey.campaignEffect("spring"), 1, 1, 1, 1);
        upsert(MetricKey.campaignEffect("spring"), 8, 6, 40, 10);

        assertThat(
                        row(
                                "SELECT repurchased_customers, customers, repurchase_rate,"
                                        + " baseline_repurchased_customers, baseline_customers,"
                                        + " baseline_repurchase_rate, uplift"
                                        + " FROM v_campaign_uplift WHERE campaign_id = 'spring'"))
                .isEqualTo("6 8 0.7500 10 40 0.2500 0.5000");
    }

    @Test
    void aCampaignWithoutBaselineHasNoUplift() throws Exception {
        upsert(MetricKey.campaignEffect("solo"), 3, 1, 0, 0);

        assertThat(
                        row(
                                "SELECT repurchase_rate, baseline_repurchase_rate, uplift"
                                        + " FROM v_campaign_uplift WHERE campaign_id = 'solo'"))
                .isEqualTo("0.3333 null null");
    }

    @Test
    void couponRedemptionRates() throws Exception {
        upsert(MetricKey.couponStat("spring"), 4, 1, 2, 1);

        assertThat(
                        row(
                                "SELECT redeemed, issued, redemption_rate,"
                                        + " not_redeemed_repurchased, recipients_not_redeemed,"
                                        + " not_redeemed_repurchase_rate"
                                        + " FROM v_coupon_redemption"))
                .isEqualTo("1 4 0.2500 1 2 0.5000");
    }

    @Test
    void monthRowsAreKeyedByTheirMonth() throws Exception {
        LocalDate march = LocalDate.of(2025, 3, 1);
        upsert(MetricKey.campaignMonth(march, "spring"), 2, 1);
        upsert(MetricKey.baselineMonth(march), 7, 3);

        assertThat(
                        row(
                                "SELECT campaign_id, month_start, customers, repurchased_customers"
                                        + " FROM campaign_month"))
                .isEqualTo("spring 2025-03-01 2 1");
        assertThat(row("SELECT month_start, customers, repurchased_customers FROM baseline_month"))
                .isEqualTo("2025-03-01 7 3");
        assertThat(MetricTableStatement.tableName(MetricTable.COUPON_STAT))
                .isEqualTo("coupon_stat");
    }
}
