package dev.repurchase.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Compares the contract tables of two schemas row by row. Rows whose counts are all zero count as
 * absent (SPEC section 5: readers treat kept and deleted zero rows alike); a row with any count
 * other than zero is compared. The campaign tables are compared always, but need rows only in
 * {@link #assertSameWithCampaigns} (a history without campaigns or coupons has none).
 */
public final class ContractTables {

    /**
     * A contract table: the compared columns, and its counts (amounts and statistics included): a
     * row is absent when every count is zero or null.
     */
    private record Table(String name, String columns, List<String> counts) {

        Table(String name, String keys, String... counts) {
            this(name, keys + ", " + String.join(", ", counts), List.of(counts));
        }

        String nonZero() {
            return counts.stream()
                    .map(count -> "COALESCE(" + count + ", 0) <> 0")
                    .collect(Collectors.joining(" OR ", "(", ")"));
        }
    }

    private static final String[] CYCLE_STATISTICS = {
        "intervals", "mean_days", "median_days", "p25_days", "p75_days", "p90_days"
    };

    private static final List<Table> CAMPAIGN_TABLES =
            List.of(
                    new Table(
                            "campaign_month",
                            "campaign_id, month_start",
                            "customers",
                            "repurchased_customers"),
                    new Table(
                            "baseline_month", "month_start", "customers", "repurchased_customers"),
                    new Table(
                            "campaign_effect",
                            "campaign_id",
                            "customers",
                            "repurchased_customers",
                            "baseline_customers",
                            "baseline_repurchased_customers"),
                    new Table(
                            "coupon_stat",
                            "campaign_id",
                            "issued",
                            "redeemed",
                            "recipients_not_redeemed",
                            "not_redeemed_repurchased"));

    private static final List<Table> TABLES =
            List.of(
                    new Table(
                            "metric_period",
                            "period_type, period_start, dimension, dimension_value",
                            "customers",
                            "repeat_customers",
                            "new_customers",
                            "returning_customers",
                            "orders",
                            "new_orders",
                            "returning_orders",
                            "new_customer_orders",
                            "returning_customer_orders",
                            "net_amount",
                            "new_net_amount",
                            "returning_net_amount"),
                    new Table(
                            "cohort_retention",
                            "period_type, cohort_start, period_offset",
                            "active_customers",
                            "second_purchase_customers"),
                    new Table("first_repeat_cycle", "period_type, cohort_start", CYCLE_STATISTICS),
                    new Table(
                            "category_cycle",
                            "category, learned_median_days",
                            "intervals",
                            "mean_days",
                            "median_days",
                            "p25_days",
                            "p75_days",
                            "p90_days",
                            "learned_intervals"),
                    new Table(
                            "customer_profile",
                            "customer_id, first_purchase_at, last_purchase_at, habitual_hour,"
                                    + " habitual_weekday",
                            "purchases",
                            "net_amount"),
                    new Table(
                            "exclusion", "period_type, period_start, reason", "orders", "amount"));

    /** The order alerts (SPEC 4.2): every row, whatever its status (a count that is never 0). */
    private static final Table ORDER_ALERT =
            new Table("order_alert", "alert_id, type, order_id, customer_id, due_at, status", "1");

    /** The flash-sale abuse flags (SPEC 8.2): every row (rank is never 0). */
    private static final Table ABUSE_FLAG =
            new Table("abuse_flag", "order_id, campaign_id, rule, purchase_at", "rank");

    /**
     * The referral tables (SPEC 8.1): every commission row counts (one owed nothing after rounding
     * is still owed), and no row may be left that is owed no more.
     */
    private static final List<Table> REFERRAL_TABLES =
            List.of(
                    new Table(
                            "referral_commission",
                            "referrer_id, order_id, level, customer_id, purchase_at, net_amount,"
                                    + " commission",
                            "1"),
                    new Table(
                            "referral_stat",
                            "period_type, period_start, referrer_id",
                            "referred_customers",
                            "orders",
                            "net_amount",
                            "commission"));

    private ContractTables() {}

    /** Asserts the referral tables of {@code actual} equal those of {@code expected}, with rows. */
    public static void assertSameReferrals(String actual, String expected) throws Exception {
        for (Table t : REFERRAL_TABLES) {
            assertSameRows(actual, expected, t);
        }
    }

    /**
     * Asserts {@code abuse_flag} of {@code actual} equals that of {@code expected}, which has rows.
     */
    public static void assertSameAbuseFlags(String actual, String expected) throws Exception {
        assertSameRows(actual, expected, ABUSE_FLAG);
    }

    /**
     * Asserts {@code order_alert} of {@code actual} equals that of {@code expected}, which has
     * rows.
     */
    public static void assertSameAlerts(String actual, String expected) throws Exception {
        assertSameRows(actual, expected, ORDER_ALERT);
    }

    private static void assertSameRows(String actual, String expected, Table t) throws Exception {
        try (Connection c = TestPostgres.connect()) {
            assertThat(count(c, expected, t))
                    .as("rows of %s.%s (a test without rows proves nothing)", expected, t.name)
                    .isPositive();
            assertThat(difference(c, actual, expected, t))
                    .as(
                            "%s rows in the stream (%s) but not in the batch (%s)",
                            t.name, actual, expected)
                    .isEmpty();
            assertThat(difference(c, expected, actual, t))
                    .as(
                            "%s rows in the batch (%s) but not in the stream (%s)",
                            t.name, expected, actual)
                    .isEmpty();
        }
    }

    /** Asserts every contract table of {@code actual} equals that of {@code expected}. */
    public static void assertSame(String actual, String expected) throws Exception {
        assertSame(actual, expected, false);
    }

    /** {@link #assertSame}, the campaign and coupon tables needing rows too. */
    public static void assertSameWithCampaigns(String actual, String expected) throws Exception {
        assertSame(actual, expected, true);
    }

    private static void assertSame(String actual, String expected, boolean campaignRows)
            throws Exception {
        try (Connection c = TestPostgres.connect()) {
            List<Table> tables = new ArrayList<>(TABLES);
            tables.addAll(CAMPAIGN_TABLES);
            for (Table t : tables) {
                if (campaignRows || TABLES.contains(t)) {
                    assertThat(count(c, expected, t))
                            .as(
                                    "rows of %s.%s (a test without rows proves nothing)",
                                    expected, t.name)
                            .isPositive();
                }
                assertThat(difference(c, actual, expected, t))
                        .as(
                                "rows of %s in the stream (%s) but not in the batch (%s)",
                                t.name, actual, expected)
                        .isEmpty();
                assertThat(difference(c, expected, actual, t))
                        .as(
                                "rows of %s in the batch (%s) but not in the stream (%s)",
                                t.name, expected, actual)
                        .isEmpty();
            }
        }
    }

    private static long count(Connection c, String schema, Table t) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT count(*) FROM "
                                        + schema
                                        + "."
                                        + t.name
                                        + " WHERE "
                                        + t.nonZero())) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Up to 10 rows of {@code a} missing from {@code b}, as text. */
    private static List<String> difference(Connection c, String a, String b, Table t)
            throws Exception {
        String sql =
                "SELECT "
                        + t.columns
                        + " FROM "
                        + a
                        + "."
                        + t.name
                        + " WHERE "
                        + t.nonZero()
                        + " EXCEPT SELECT "
                        + t.columns
                        + " FROM "
                        + b
                        + "."
                        + t.name
                        + " WHERE "
                        + t.nonZero()
                        + " LIMIT 10";
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? " | " : "").append(r.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
