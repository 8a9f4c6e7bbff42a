package dev.repurchase.cli;

import dev.repurchase.common.config.PredictionOptions;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.jobs.sink.JdbcConnection;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;

/** The short summary printed after a replay, read back from the sink tables. */
final class ReplaySummary {

    private static final List<String> TABLES =
            List.of(
                    "metric_period",
                    "cohort_retention",
                    "first_repeat_cycle",
                    "category_cycle",
                    "customer_profile",
                    "prediction_model",
                    "exclusion",
                    "lifecycle_stage_count",
                    "segment_stat",
                    "campaign_effect",
                    "coupon_stat",
                    "referral_commission",
                    "referral_stat",
                    "trigger_log",
                    "order_alert",
                    "abuse_flag",
                    "rejected_input");

    private static final int TOP_CUSTOMERS = 5;

    private ReplaySummary() {}

    static void print(JdbcConnection sink, ReadableConfig config, PrintStream out)
            throws SQLException {
        try (Connection c = sink.open()) {
            out.println("sink tables in " + sink + ":");
            for (String table : TABLES) {
                out.printf(
                        "  %-20s %,10d rows%n", table, count(c, "SELECT count(*) FROM " + table));
            }
            long customers = count(c, "SELECT count(*) FROM customer_profile WHERE purchases > 0");
            long repeat = count(c, "SELECT count(*) FROM customer_profile WHERE purchases >= 2");
            long purchases = count(c, "SELECT coalesce(sum(purchases), 0) FROM customer_profile");
            out.printf(
                    "customers %,d, valid purchases %,d, customers with 2+ purchases %,d (%.1f%%)%n",
                    customers,
                    purchases,
                    repeat,
                    customers == 0 ? 0.0 : 100.0 * repeat / customers);
            printGroups(
                    c,
                    out,
                    "SELECT lifecycle_stage, customers FROM lifecycle_stage_count"
                            + " WHERE customers > 0 ORDER BY lifecycle_stage",
                    "stage %-9s %,8d customers%n");
            printGroups(
                    c,
                    out,
                    "SELECT segment, customers FROM segment_stat WHERE customers > 0 ORDER BY segment",
                    "segment %-10s %,8d customers%n");
            printPrediction(c, config.get(PredictionOptions.HORIZON_DAYS), out);
            printGroups(
                    c,
                    out,
                    "SELECT type || ' ' || status, count(*) FROM trigger_log"
                            + " GROUP BY type, status ORDER BY type, status",
                    "trigger %-28s %,8d%n");
            printGroups(
                    c,
                    out,
                    "SELECT type || ' ' || status, count(*) FROM order_alert"
                            + " GROUP BY type, status ORDER BY type, status",
                    "order alert %-24s %,8d%n");
            printGroups(
                    c,
                    out,
                    "SELECT campaign_id || ' ' || rule, count(*) FROM abuse_flag"
                            + " GROUP BY campaign_id, rule ORDER BY campaign_id, rule",
                    "abuse flag %-25s %,8d orders%n");
            try (Statement s = c.createStatement();
                    ResultSet r =
                            s.executeQuery(
                                    "SELECT campaign_id, customers, repurchase_rate,"
                                            + " baseline_repurchase_rate, uplift"
                                            + " FROM v_campaign_uplift WHERE customers > 0"
                                            + " ORDER BY campaign_id")) {
                while (r.next()) {
                    out.printf(
                            "campaign %-16s %,8d customers, repurchase rate %s, baseline %s,"
                                    + " uplift %s%n",
                            r.getString(1),
                            r.getLong(2),
                            r.getBigDecimal(3),
                            r.getBigDecimal(4),
                            r.getBigDecimal(5));
                }
            }
            printTopReferrers(c, out);
            String periodType = config.get(RepurchaseOptions.PERIOD_TYPES).get(0).trim();
            try (PreparedStatement s =
                    c.prepareStatement(
                            "SELECT reason, sum(orders), sum(amount) FROM exclusion"
                                    + " WHERE period_type = ? GROUP BY reason ORDER BY reason")) {
                s.setString(1, periodType.toUpperCase(java.util.Locale.ROOT));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.printf(
                                "excluded %-9s %,8d orders, amount %s%n",
                                r.getString(1), r.getLong(2), r.getBigDecimal(3));
                    }
                }
            }
        }
    }

    /** The referrers owed the most (SPEC 8.1): ids are identifiers, not personal data. */
    private static void printTopReferrers(Connection c, PrintStream out) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT referrer_id, count(DISTINCT customer_id), count(*),"
                                        + " sum(commission) FROM referral_commission"
                                        + " GROUP BY referrer_id"
                                        + " ORDER BY sum(commission) DESC, referrer_id LIMIT 5")) {
            while (r.next()) {
                out.printf(
                        "referrer %-16s %,6d referred customers, %,8d commissions, owed %s%n",
                        r.getString(1), r.getLong(2), r.getLong(3), r.getBigDecimal(4));
            }
        }
    }

    /**
     * SPEC 9: the last fit, the customers per quarter of P(alive), the expected purchases and value
     * of the horizon, and the customers of the highest predicted value (by id, never contact data).
     */
    private static void printPrediction(Connection c, int horizonDays, PrintStream out)
            throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT fitted_at, customers, r, alpha, a, b FROM prediction_model"
                                        + " ORDER BY fitted_at DESC LIMIT 1")) {
            if (!r.next()) {
                out.println("prediction: no fit yet (the first comes predict.refit-days in)");
                return;
            }
            out.printf(
                    "prediction: last fit at %s over %,d customers (r %.3f, alpha %.3f, a %.3f,"
                            + " b %.3f)%n",
                    r.getObject(1, OffsetDateTime.class).toInstant(),
                    r.getLong(2),
                    r.getDouble(3),
                    r.getDouble(4),
                    r.getDouble(5),
                    r.getDouble(6));
        }
        try (Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT"
                                        + " coalesce(sum(CASE WHEN p_alive < 0.25 THEN 1 ELSE 0 END), 0),"
                                        + " coalesce(sum(CASE WHEN p_alive >= 0.25 AND p_alive < 0.5"
                                        + " THEN 1 ELSE 0 END), 0),"
                                        + " coalesce(sum(CASE WHEN p_alive >= 0.5 AND p_alive < 0.75"
                                        + " THEN 1 ELSE 0 END), 0),"
                                        + " coalesce(sum(CASE WHEN p_alive >= 0.75 THEN 1 ELSE 0 END), 0),"
                                        + " coalesce(sum(expected_purchases), 0),"
                                        + " coalesce(sum(predicted_value), 0),"
                                        + " count(predicted_value)"
                                        + " FROM customer_profile WHERE purchases > 0")) {
            r.next();
            out.printf(
                    "  P(alive) below 0.25: %,d customers, 0.25-0.5: %,d, 0.5-0.75: %,d, 0.75 and"
                            + " above: %,d; in the next %d days %,.1f purchase days expected, %s%n",
                    r.getLong(1),
                    r.getLong(2),
                    r.getLong(3),
                    r.getLong(4),
                    horizonDays,
                    r.getDouble(5),
                    r.getLong(7) == 0
                            ? "no predicted value (the spend model has no finite mean)"
                            : String.format(
                                    "predicted value %,.2f (%,d customers)",
                                    r.getDouble(6), r.getLong(7)));
        }
        List<String> top = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT customer_id, predicted_value, p_alive FROM customer_profile"
                                        + " WHERE predicted_value IS NOT NULL"
                                        + " ORDER BY predicted_value DESC, customer_id LIMIT "
                                        + TOP_CUSTOMERS)) {
            while (r.next()) {
                top.add(
                        String.format(
                                "%s %,.2f (P(alive) %.2f)",
                                r.getString(1), r.getDouble(2), r.getDouble(3)));
            }
        }
        if (!top.isEmpty()) {
            out.println("  highest predicted value: " + String.join(", ", top));
        }
    }

    private static void printGroups(Connection c, PrintStream out, String sql, String format)
            throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.printf(format, r.getString(1), r.getLong(2));
            }
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
