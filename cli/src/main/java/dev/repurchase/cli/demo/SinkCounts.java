package dev.repurchase.cli.demo;

import dev.repurchase.common.lifecycle.TriggerType;
import dev.repurchase.jobs.ingest.AlertType;
import dev.repurchase.jobs.sink.JdbcConnection;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headline numbers of the sink tables, as the demo's progress line shows them.
 *
 * @param customers customers with a valid purchase ({@code customer_profile})
 * @param returning customers with two or more valid purchases
 * @param purchases valid purchases
 * @param predicted customers whose prediction is known (SPEC 9: after the first fit)
 * @param likelyLost customers with a P(alive) below one half
 * @param sent triggers logged as SENT, per type ({@code trigger_log}), every type present
 * @param alerts order alerts logged as SENT, per type ({@code order_alert}), every type present
 * @param topReferrers the {@value #TOP_REFERRERS} referrers owed the most commission ({@code
 *     referral_commission}), most first
 * @param flags the orders flagged as flash-sale abuse ({@code abuse_flag}) per campaign and rule,
 *     e.g. {@code flash-sale device}
 */
record SinkCounts(
        long customers,
        long returning,
        long purchases,
        long predicted,
        long likelyLost,
        Map<String, Long> sent,
        Map<String, Long> alerts,
        Map<String, BigDecimal> topReferrers,
        Map<String, Long> flags) {

    static final int TOP_REFERRERS = 3;

    static SinkCounts read(JdbcConnection sink) throws SQLException {
        try (Connection c = sink.open();
                Statement s = c.createStatement()) {
            long customers;
            long returning;
            long purchases;
            long predicted;
            long likelyLost;
            try (ResultSet r =
                    s.executeQuery(
                            "SELECT count(*), coalesce(sum(CASE WHEN purchases >= 2 THEN 1 ELSE 0"
                                    + " END), 0), coalesce(sum(purchases), 0), count(p_alive),"
                                    + " coalesce(sum(CASE WHEN p_alive < 0.5 THEN 1 ELSE 0 END), 0)"
                                    + " FROM customer_profile WHERE purchases > 0")) {
                r.next();
                customers = r.getLong(1);
                returning = r.getLong(2);
                purchases = r.getLong(3);
                predicted = r.getLong(4);
                likelyLost = r.getLong(5);
            }
            Map<String, Long> sent = new LinkedHashMap<>();
            for (TriggerType type : TriggerType.values()) {
                sent.put(type.name(), 0L);
            }
            try (ResultSet r =
                    s.executeQuery(
                            "SELECT type, count(*) FROM trigger_log WHERE status = 'SENT'"
                                    + " GROUP BY type")) {
                while (r.next()) {
                    sent.put(r.getString(1), r.getLong(2));
                }
            }
            Map<String, Long> alerts = new LinkedHashMap<>();
            for (AlertType type : AlertType.values()) {
                alerts.put(type.name(), 0L);
            }
            try (ResultSet r =
                    s.executeQuery(
                            "SELECT type, count(*) FROM order_alert WHERE status = 'SENT'"
                                    + " GROUP BY type")) {
                while (r.next()) {
                    alerts.put(r.getString(1), r.getLong(2));
                }
            }
            Map<String, BigDecimal> topReferrers = new LinkedHashMap<>();
            try (ResultSet r =
                    s.executeQuery(
                            "SELECT referrer_id, sum(commission) FROM referral_commission"
                                    + " GROUP BY referrer_id"
                                    + " ORDER BY sum(commission) DESC, referrer_id LIMIT "
                                    + TOP_REFERRERS)) {
                while (r.next()) {
                    topReferrers.put(r.getString(1), r.getBigDecimal(2));
                }
            }
            Map<String, Long> flags = new LinkedHashMap<>();
            try (ResultSet r =
                    s.executeQuery(
                            "SELECT campaign_id, rule, count(*) FROM abuse_flag"
                                    + " GROUP BY campaign_id, rule ORDER BY campaign_id, rule")) {
                while (r.next()) {
                    flags.put(r.getString(1) + " " + r.getString(2), r.getLong(3));
                }
            }
            return new SinkCounts(
                    customers,
                    returning,
                    purchases,
                    predicted,
                    likelyLost,
                    sent,
                    alerts,
                    topReferrers,
                    flags);
        }
    }
}
