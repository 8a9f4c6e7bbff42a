package dev.repurchase.jobs.sink;

import dev.repurchase.common.customer.ReferralCommission;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.metric.MetricTable;
import dev.repurchase.common.order.Money;
import dev.repurchase.common.predict.GammaGamma;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.jobs.abuse.AbuseFlag;
import dev.repurchase.jobs.aggregate.MetricRow;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.customer.CustomerProfile;
import dev.repurchase.jobs.customer.Trigger;
import dev.repurchase.jobs.ingest.DeadLetter;
import dev.repurchase.jobs.ingest.OrderAlert;
import java.sql.Types;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.datasource.statements.SimpleJdbcQueryStatement;

/**
 * The JDBC sinks of the contract tables. All write absolute values with idempotent upserts (or
 * deletes, {@link UpsertOrDeleteSink}), so the at-least-once JDBC sink gives exact tables after a
 * restart from a checkpoint. Their writers create the tables that are missing when they open
 * ({@code jdbc.create-tables}).
 */
public final class JdbcSinks {

    private final JdbcConnection connection;
    private final JdbcExecutionOptions execution;
    private final int batchSize;
    private final boolean createTables;

    public JdbcSinks(JdbcConnection connection, ReadableConfig config) {
        this.connection = connection;
        this.batchSize = config.get(PipelineOptions.SINK_BATCH_SIZE);
        this.execution =
                JdbcExecutionOptions.builder()
                        .withBatchSize(batchSize)
                        .withBatchIntervalMs(
                                config.get(PipelineOptions.SINK_FLUSH_INTERVAL).toMillis())
                        .withMaxRetries(config.get(PipelineOptions.SINK_MAX_RETRIES))
                        .build();
        this.createTables = config.get(PipelineOptions.JDBC_CREATE_TABLES);
    }

    public JdbcSink<MetricRow> metricTable(MetricTable table) {
        return sink(
                MetricTableStatement.upsert(connection.dialect(), table),
                MetricTableStatement.binder(table));
    }

    public JdbcSink<CustomerProfile> customerProfiles() {
        // A local, so the serialized statement builder does not capture this.
        SqlDialect dialect = connection.dialect();
        return sink(
                dialect.upsert(
                        "customer_profile",
                        List.of("customer_id"),
                        List.of(
                                "first_purchase_at",
                                "last_purchase_at",
                                "purchases",
                                "net_amount",
                                "expected_next_purchase_at",
                                "lifecycle_stage",
                                "rfm_r",
                                "rfm_f",
                                "rfm_m",
                                "segment",
                                "habitual_hour",
                                "habitual_weekday",
                                "p_alive",
                                "expected_purchases",
                                "predicted_value")),
                (s, p) -> {
                    s.setString(1, p.customerId);
                    dialect.setInstant(s, 2, p.firstPurchaseAt);
                    dialect.setInstant(s, 3, p.lastPurchaseAt);
                    s.setLong(4, p.purchases);
                    s.setBigDecimal(5, Money.fromCents(p.netCents));
                    dialect.setInstant(s, 6, p.expectedNextPurchaseAt);
                    s.setString(7, p.lifecycleStage);
                    setInteger(s, 8, p.rfmR);
                    setInteger(s, 9, p.rfmF);
                    setInteger(s, 10, p.rfmM);
                    s.setString(11, p.segment);
                    setInteger(s, 12, p.habitualHour);
                    setInteger(s, 13, p.habitualWeekday);
                    setDouble(s, 14, p.pAlive);
                    setDouble(s, 15, p.expectedPurchases);
                    setDouble(s, 16, p.predictedValue);
                });
    }

    /** category_cycle's learned columns; the M4 columns are the metric rows'. */
    public JdbcSink<CategoryCycle> learnedCycles() {
        SqlDialect dialect = connection.dialect();
        return sink(
                dialect.upsert(
                        "category_cycle",
                        List.of("category"),
                        List.of("learned_intervals", "learned_median_days")),
                (s, c) -> {
                    s.setString(1, c.category);
                    s.setLong(2, c.intervals);
                    setInteger(s, 3, c.intervals == 0 ? null : c.medianDays);
                });
    }

    /** One row per fit, by its event time: a fit run again after a restart overwrites its row. */
    public JdbcSink<PredictionModel> predictionModels() {
        SqlDialect dialect = connection.dialect();
        return sink(
                dialect.upsert(
                        "prediction_model",
                        List.of("fitted_at"),
                        List.of(
                                "customers",
                                "r",
                                "alpha",
                                "a",
                                "b",
                                "log_likelihood",
                                "spend_p",
                                "spend_q",
                                "spend_gamma")),
                (s, m) -> {
                    dialect.setInstant(s, 1, m.fittedAt());
                    s.setLong(2, m.customers());
                    s.setDouble(3, m.bgNbd().r());
                    s.setDouble(4, m.bgNbd().alpha());
                    s.setDouble(5, m.bgNbd().a());
                    s.setDouble(6, m.bgNbd().b());
                    s.setDouble(7, m.logLikelihood());
                    GammaGamma gg = m.gammaGamma();
                    setDouble(s, 8, gg == null ? null : gg.p());
                    setDouble(s, 9, gg == null ? null : gg.q());
                    setDouble(s, 10, gg == null ? null : gg.gamma());
                });
    }

    public JdbcSink<Trigger> triggerLog() {
        SqlDialect dialect = connection.dialect();
        return sink(
                dialect.upsert(
                        "trigger_log",
                        List.of("trigger_id"),
                        List.of(
                                "type",
                                "customer_id",
                                "due_at",
                                "last_purchase_at",
                                "expected_at",
                                "category",
                                "status",
                                "segment",
                                "reason")),
                (s, t) -> {
                    s.setString(1, t.triggerId);
                    s.setString(2, t.type);
                    s.setString(3, t.customerId);
                    dialect.setInstant(s, 4, t.dueAt);
                    dialect.setInstant(s, 5, t.lastPurchaseAt);
                    dialect.setInstant(s, 6, t.expectedAt);
                    s.setString(7, t.category);
                    s.setString(8, t.status);
                    s.setString(9, t.segment);
                    s.setString(10, t.reason);
                });
    }

    public JdbcSink<OrderAlert> orderAlerts() {
        SqlDialect dialect = connection.dialect();
        return sink(
                dialect.upsert(
                        "order_alert",
                        List.of("alert_id"),
                        List.of("type", "order_id", "customer_id", "due_at", "status")),
                (s, a) -> {
                    s.setString(1, a.alertId);
                    s.setString(2, a.type);
                    s.setString(3, a.orderId);
                    s.setString(4, a.customerId);
                    dialect.setInstant(s, 5, a.dueAt);
                    s.setString(6, a.status);
                });
    }

    /** abuse_flag (SPEC 8.2): a flag upserts the order's row, a cleared flag deletes it. */
    public UpsertOrDeleteSink<AbuseFlag> abuseFlags() {
        SqlDialect dialect = connection.dialect();
        // RANK is a reserved word of MySQL 8.
        String rank = dialect == SqlDialect.MYSQL ? "`rank`" : "rank";
        return new UpsertOrDeleteSink<>(
                connection,
                createTables,
                batchSize,
                new UpsertOrDeleteSink.Table<>(
                        "abuse_flag",
                        List.of("order_id"),
                        List.of("campaign_id", "rule", rank, "purchase_at"),
                        f -> f.orderId,
                        AbuseFlag::isFlagged,
                        (s, f) -> s.setString(1, f.orderId),
                        (s, f) -> {
                            s.setString(2, f.campaignId);
                            s.setString(3, f.rule);
                            s.setInt(4, f.rank);
                            dialect.setInstant(s, 5, f.purchaseAt);
                        }));
    }

    /** referral_commission (SPEC 8.1): a row no longer owed leaves the table. */
    public UpsertOrDeleteSink<ReferralCommission> referralCommissions() {
        SqlDialect dialect = connection.dialect();
        return new UpsertOrDeleteSink<>(
                connection,
                createTables,
                batchSize,
                new UpsertOrDeleteSink.Table<>(
                        "referral_commission",
                        List.of("referrer_id", "order_id", "level"),
                        List.of("customer_id", "purchase_at", "net_amount", "commission"),
                        ReferralCommission::rowKey,
                        c -> c.owed,
                        (s, c) -> {
                            s.setString(1, c.referrerId);
                            s.setString(2, c.orderId);
                            s.setInt(3, c.level);
                        },
                        (s, c) -> {
                            s.setString(4, c.customerId);
                            dialect.setInstant(s, 5, c.purchaseAt);
                            s.setBigDecimal(6, Money.fromCents(c.netCents));
                            s.setBigDecimal(7, Money.fromCents(c.commissionCents));
                        }));
    }

    public JdbcSink<DeadLetter> rejectedInput() {
        SqlDialect dialect = connection.dialect();
        return sink(
                dialect.upsert(
                        "rejected_input",
                        List.of("source_topic", "source_partition", "source_offset"),
                        List.of("reason", "excerpt", "recorded_at")),
                (s, d) -> {
                    s.setString(1, d.topic);
                    s.setInt(2, d.partition);
                    s.setLong(3, d.offset);
                    s.setString(4, d.reason);
                    s.setString(5, d.excerpt);
                    dialect.setInstant(s, 6, System.currentTimeMillis());
                });
    }

    private <T> JdbcSink<T> sink(String sql, JdbcStatementBuilder<T> binder) {
        return new SchemaFirstJdbcSink<>(
                connection, createTables, execution, new SimpleJdbcQueryStatement<>(sql, binder));
    }

    private static void setInteger(java.sql.PreparedStatement s, int i, Integer value)
            throws java.sql.SQLException {
        if (value == null) {
            s.setNull(i, Types.INTEGER);
        } else {
            s.setInt(i, value);
        }
    }

    private static void setDouble(java.sql.PreparedStatement s, int i, Double value)
            throws java.sql.SQLException {
        if (value == null) {
            s.setNull(i, Types.DOUBLE);
        } else {
            s.setDouble(i, value);
        }
    }
}
