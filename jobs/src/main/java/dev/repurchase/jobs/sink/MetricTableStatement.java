package dev.repurchase.jobs.sink;

import dev.repurchase.common.metric.IntervalHistogram;
import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.metric.MetricTable;
import dev.repurchase.common.metric.PeriodMetrics;
import dev.repurchase.common.metric.ReferralContributions;
import dev.repurchase.common.order.Money;
import dev.repurchase.jobs.aggregate.MetricRow;
import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** The contract table (SPEC section 5) of each aggregated table, and how a row binds to it. */
public final class MetricTableStatement implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final List<String> CYCLE_STATS =
            List.of("intervals", "mean_days", "median_days", "p25_days", "p75_days", "p90_days");

    private MetricTableStatement() {}

    public static String tableName(MetricTable table) {
        return table.name().toLowerCase(java.util.Locale.ROOT);
    }

    public static List<String> keyColumns(MetricTable table) {
        switch (table) {
            case METRIC_PERIOD:
                return List.of("period_type", "period_start", "dimension", "dimension_value");
            case COHORT_RETENTION:
                return List.of("period_type", "cohort_start", "period_offset");
            case FIRST_REPEAT_CYCLE:
                return List.of("period_type", "cohort_start");
            case CATEGORY_CYCLE:
                return List.of("category");
            case EXCLUSION:
                return List.of("period_type", "period_start", "reason");
            case LIFECYCLE_STAGE_COUNT:
                return List.of("lifecycle_stage");
            case SEGMENT_STAT:
                return List.of("segment");
            case CAMPAIGN_MONTH:
                return List.of("campaign_id", "month_start");
            case BASELINE_MONTH:
                return List.of("month_start");
            case CAMPAIGN_EFFECT:
            case COUPON_STAT:
                return List.of("campaign_id");
            case REFERRAL_STAT:
                return List.of("period_type", "period_start", "referrer_id");
            default:
                throw new IllegalStateException(table.name());
        }
    }

    public static List<String> valueColumns(MetricTable table) {
        switch (table) {
            case METRIC_PERIOD:
                return List.of(
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
                        "returning_net_amount");
            case COHORT_RETENTION:
                return List.of("active_customers", "second_purchase_customers");
            case FIRST_REPEAT_CYCLE:
            case CATEGORY_CYCLE:
                return CYCLE_STATS;
            case EXCLUSION:
                return List.of("orders", "amount");
            case LIFECYCLE_STAGE_COUNT:
                return List.of("customers");
            case SEGMENT_STAT:
                return List.of("customers", "net_amount");
            case CAMPAIGN_MONTH:
            case BASELINE_MONTH:
                return List.of("customers", "repurchased_customers");
            case CAMPAIGN_EFFECT:
                return List.of(
                        "customers",
                        "repurchased_customers",
                        "baseline_customers",
                        "baseline_repurchased_customers");
            case COUPON_STAT:
                return List.of(
                        "issued",
                        "redeemed",
                        "recipients_not_redeemed",
                        "not_redeemed_repurchased");
            case REFERRAL_STAT:
                return List.of("referred_customers", "orders", "net_amount", "commission");
            default:
                throw new IllegalStateException(table.name());
        }
    }

    public static String upsert(SqlDialect dialect, MetricTable table) {
        return dialect.upsert(tableName(table), keyColumns(table), valueColumns(table));
    }

    /** Binds a row of {@code table} to its upsert statement. */
    public static JdbcStatementBuilder<MetricRow> binder(MetricTable table) {
        return (statement, row) -> {
            int next = bindKey(statement, row.key);
            bindValues(statement, next, row);
        };
    }

    private static int bindKey(PreparedStatement s, MetricKey key) throws SQLException {
        int i = 1;
        switch (key.table) {
            case METRIC_PERIOD:
                s.setString(i++, key.periodType.name());
                s.setObject(i++, key.periodStartDate());
                s.setString(i++, key.dimension);
                s.setString(i++, key.value);
                return i;
            case COHORT_RETENTION:
                s.setString(i++, key.periodType.name());
                s.setObject(i++, key.periodStartDate());
                s.setInt(i++, key.offset);
                return i;
            case FIRST_REPEAT_CYCLE:
                s.setString(i++, key.periodType.name());
                s.setObject(i++, key.periodStartDate());
                return i;
            case CATEGORY_CYCLE:
            case LIFECYCLE_STAGE_COUNT:
            case SEGMENT_STAT:
            case CAMPAIGN_EFFECT:
            case COUPON_STAT:
                s.setString(i++, key.value);
                return i;
            case CAMPAIGN_MONTH:
                s.setString(i++, key.value);
                s.setObject(i++, key.periodStartDate());
                return i;
            case BASELINE_MONTH:
                s.setObject(i++, key.periodStartDate());
                return i;
            case EXCLUSION:
            case REFERRAL_STAT:
                s.setString(i++, key.periodType.name());
                s.setObject(i++, key.periodStartDate());
                s.setString(i++, key.value);
                return i;
            default:
                throw new IllegalStateException(key.table.name());
        }
    }

    private static void bindValues(PreparedStatement s, int first, MetricRow row)
            throws SQLException {
        MetricTable table = row.key.table;
        if (table.isHistogram()) {
            bindCycleStats(s, first, IntervalHistogram.stats(row.values));
            return;
        }
        long[] v = row.values.length == table.width() ? row.values : new long[table.width()];
        for (int slot = 0; slot < v.length; slot++) {
            if (isAmount(table, slot)) {
                s.setBigDecimal(first + slot, Money.fromCents(v[slot]));
            } else {
                s.setLong(first + slot, v[slot]);
            }
        }
    }

    private static boolean isAmount(MetricTable table, int slot) {
        return (table == MetricTable.METRIC_PERIOD && slot >= PeriodMetrics.NET_CENTS)
                || (table == MetricTable.EXCLUSION && slot == 1)
                || (table == MetricTable.SEGMENT_STAT && slot == 1)
                || (table == MetricTable.REFERRAL_STAT && slot >= ReferralContributions.NET_CENTS);
    }

    private static void bindCycleStats(
            PreparedStatement s, int i, IntervalHistogram.IntervalStats stats) throws SQLException {
        if (stats == null) {
            s.setLong(i, 0);
            for (int k = 1; k < CYCLE_STATS.size(); k++) {
                s.setNull(i + k, k == 1 ? Types.NUMERIC : Types.INTEGER);
            }
            return;
        }
        s.setLong(i, stats.intervals());
        s.setBigDecimal(i + 1, stats.meanDays());
        s.setInt(i + 2, stats.medianDays());
        s.setInt(i + 3, stats.p25Days());
        s.setInt(i + 4, stats.p75Days());
        s.setInt(i + 5, stats.p90Days());
    }
}
