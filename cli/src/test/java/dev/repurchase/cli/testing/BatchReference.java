package dev.repurchase.cli.testing;

import dev.repurchase.cli.generator.CouponRow;
import dev.repurchase.cli.replay.CustomerRecord;
import dev.repurchase.cli.replay.ItemRow;
import dev.repurchase.cli.replay.OrderHistory;
import dev.repurchase.cli.replay.OrderRow;
import dev.repurchase.common.config.AbuseOptions;
import dev.repurchase.common.config.CampaignOptions;
import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.common.config.ReferralOptions;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.jobs.config.AlertOptions;
import dev.repurchase.jobs.sink.SchemaInstaller;
import dev.repurchase.jobs.testing.TestPostgres;
import java.io.StringReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ReadableConfig;
import org.postgresql.PGConnection;

/**
 * The independent reference: loads an order history as plain {@code orders} / {@code order_items}
 * tables (and coupons as {@code coupons}) into a schema and runs the batch SQL of {@code sql/} over
 * them, which fills the contract tables there.
 */
public final class BatchReference {

    private BatchReference() {}

    public static void compute(String schema, OrderHistory history, ReadableConfig config)
            throws Exception {
        compute(schema, history, List.of(), config);
    }

    public static void compute(
            String schema, OrderHistory history, List<CouponRow> coupons, ReadableConfig config)
            throws Exception {
        compute(schema, history, coupons, List.of(), config);
    }

    /**
     * The reference with the final rows of the customers table too: the referral tables (SPEC 8.1,
     * {@code sql/130_batch_referral.sql}) besides the metrics.
     */
    public static void compute(
            String schema,
            OrderHistory history,
            List<CouponRow> coupons,
            List<CustomerRecord> customers,
            ReadableConfig config)
            throws Exception {
        try (Connection c = TestPostgres.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + schema);
            }
            SchemaInstaller.runScript(c, "sql/099_batch_inputs.sql");
            SchemaInstaller.install(c);
            copy(
                    c,
                    "orders",
                    OrderRow.COLUMNS,
                    history.orders().stream().map(OrderRow::values).toList());
            copy(
                    c,
                    "order_items",
                    ItemRow.COLUMNS,
                    history.items().stream().map(ItemRow::values).toList());
            copy(c, "coupons", CouponRow.COLUMNS, coupons.stream().map(CouponRow::values).toList());
            copy(
                    c,
                    "customers",
                    CustomerRecord.COLUMNS,
                    customers.stream().map(CustomerRecord::values).toList());
            settings(c, config);
            referralSettings(c, config);
            SchemaInstaller.runScript(c, "sql/100_batch_metrics.sql");
            SchemaInstaller.runScript(c, "sql/110_batch_alerts.sql");
            SchemaInstaller.runScript(c, "sql/130_batch_referral.sql");
        }
    }

    private static void copy(
            Connection c, String table, List<String> columns, List<List<Object>> rows)
            throws Exception {
        StringBuilder csv = new StringBuilder();
        for (List<Object> row : rows) {
            csv.append(
                            row.stream()
                                    .map(v -> v == null ? "" : quote(v.toString()))
                                    .collect(Collectors.joining(",")))
                    .append('\n');
        }
        c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn(
                        "COPY "
                                + table
                                + " ("
                                + String.join(", ", columns)
                                + ") FROM STDIN (FORMAT csv)",
                        new StringReader(csv.toString()));
    }

    private static String quote(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static void referralSettings(Connection c, ReadableConfig config) throws Exception {
        int levels = config.get(ReferralOptions.LEVELS);
        Object[] rates = new Object[levels];
        for (int level = 1; level <= levels; level++) {
            var option = ReferralOptions.levelRate(level);
            rates[level - 1] =
                    java.math.BigDecimal.valueOf(
                            config.getOptional(option).orElseGet(option::defaultValue));
        }
        try (PreparedStatement s =
                c.prepareStatement(
                        "INSERT INTO referral_settings (levels, rates, window_days) VALUES (?, ?, ?)")) {
            s.setInt(1, levels);
            s.setArray(2, c.createArrayOf("numeric", rates));
            s.setInt(3, config.get(ReferralOptions.WINDOW_DAYS));
            s.executeUpdate();
        }
    }

    private static void settings(Connection c, ReadableConfig config) throws Exception {
        try (PreparedStatement s =
                c.prepareStatement(
                        "INSERT INTO batch_settings (timezone, max_order_amount, bulk_max_quantity,"
                                + " bulk_max_amount, excluded_customers, price_bands, period_types,"
                                + " campaign_window_days, habit_min_purchases,"
                                + " learn_horizon_days, alerts_payment_deadline,"
                                + " alerts_payment_lead, alerts_ship_within, alerts_types,"
                                + " suppress_before, as_of, abuse_campaigns, abuse_max_per_device,"
                                + " abuse_max_per_ip, abuse_max_per_address)"
                                + " VALUES (?, ?::numeric, ?, ?::numeric, ?, ?, ?, ?, ?, ?,"
                                + " ? * INTERVAL '1 millisecond', ? * INTERVAL '1 millisecond',"
                                + " ? * INTERVAL '1 millisecond', ?,"
                                + " CAST(? AS TIMESTAMPTZ), CAST(? AS TIMESTAMPTZ), ?, ?, ?, ?)")) {
            s.setString(1, config.get(RepurchaseOptions.TIMEZONE));
            s.setString(2, config.get(RepurchaseOptions.MAX_ORDER_AMOUNT));
            s.setLong(3, config.get(RepurchaseOptions.BULK_MAX_QUANTITY));
            s.setString(4, config.get(RepurchaseOptions.BULK_MAX_AMOUNT));
            Array excluded =
                    c.createArrayOf(
                            "varchar",
                            config.getOptional(RepurchaseOptions.EXCLUDED_CUSTOMERS)
                                    .orElse(List.of())
                                    .toArray());
            s.setArray(5, excluded);
            s.setArray(
                    6,
                    c.createArrayOf(
                            "numeric",
                            config.get(RepurchaseOptions.PRICE_BANDS).stream()
                                    .map(java.math.BigDecimal::new)
                                    .toArray()));
            s.setArray(
                    7,
                    c.createArrayOf(
                            "varchar", config.get(RepurchaseOptions.PERIOD_TYPES).toArray()));
            s.setInt(8, config.get(CampaignOptions.WINDOW_DAYS));
            s.setInt(9, config.get(LifecycleOptions.HABIT_MIN_PURCHASES));
            s.setInt(10, config.get(LifecycleOptions.LEARN_HORIZON_DAYS));
            s.setLong(11, config.get(AlertOptions.PAYMENT_DEADLINE).toMillis());
            s.setLong(12, config.get(AlertOptions.PAYMENT_LEAD).toMillis());
            s.setLong(13, config.get(AlertOptions.SHIP_WITHIN).toMillis());
            s.setArray(
                    14,
                    c.createArrayOf(
                            "varchar",
                            config.get(AlertOptions.TYPES).stream().map(Enum::name).toArray()));
            s.setString(15, config.getOptional(LifecycleOptions.SUPPRESS_BEFORE).orElse(null));
            s.setString(16, config.getOptional(LifecycleOptions.EVENT_TIME_END).orElse(null));
            s.setArray(
                    17, c.createArrayOf("varchar", config.get(AbuseOptions.CAMPAIGNS).toArray()));
            s.setInt(18, config.get(AbuseOptions.MAX_PER_DEVICE));
            s.setInt(19, config.get(AbuseOptions.MAX_PER_IP));
            s.setInt(20, config.get(AbuseOptions.MAX_PER_ADDRESS));
            s.executeUpdate();
        }
    }
}
