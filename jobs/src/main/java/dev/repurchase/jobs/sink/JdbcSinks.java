package dev.repurchase.jobs.sink;

import dev.repurchase.common.metric.MetricTable;
import dev.repurchase.common.order.Money;
import dev.repurchase.jobs.aggregate.MetricRow;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.ingest.DeadLetter;
import dev.repurchase.jobs.timeline.CustomerProfile;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The JDBC sinks of the contract tables. All write absolute values with idempotent upserts, so the
 * at-least-once JDBC sink gives exact tables after a restart from a checkpoint.
 */
public final class JdbcSinks {

    private final JdbcConnection connection;
    private final JdbcExecutionOptions execution;

    public JdbcSinks(JdbcConnection connection, ReadableConfig config) {
        this.connection = connection;
        this.execution =
                JdbcExecutionOptions.builder()
                        .withBatchSize(config.get(PipelineOptions.SINK_BATCH_SIZE))
                        .withBatchIntervalMs(
                                config.get(PipelineOptions.SINK_FLUSH_INTERVAL).toMillis())
                        .withMaxRetries(config.get(PipelineOptions.SINK_MAX_RETRIES))
                        .build();
    }

    public JdbcSink<MetricRow> metricTable(MetricTable table) {
        return sink(
                MetricTableStatement.upsert(connection.dialect(), table),
                MetricTableStatement.binder(table));
    }

    public JdbcSink<CustomerProfile> customerProfiles() {
        return sink(
                connection
                        .dialect()
                        .upsert(
                                "customer_profile",
                                List.of("customer_id"),
                                List.of(
                                        "first_purchase_at",
                                        "last_purchase_at",
                                        "purchases",
                                        "net_amount")),
                (s, p) -> {
                    s.setString(1, p.customerId);
                    setTimestamp(s, 2, p.firstPurchaseAt);
                    setTimestamp(s, 3, p.lastPurchaseAt);
                    s.setLong(4, p.purchases);
                    s.setBigDecimal(5, Money.fromCents(p.netCents));
                });
    }

    public JdbcSink<DeadLetter> rejectedInput() {
        return sink(
                connection
                        .dialect()
                        .upsert(
                                "rejected_input",
                                List.of("source_topic", "source_partition", "source_offset"),
                                List.of("reason", "excerpt", "recorded_at")),
                (s, d) -> {
                    s.setString(1, d.topic);
                    s.setInt(2, d.partition);
                    s.setLong(3, d.offset);
                    s.setString(4, d.reason);
                    s.setString(5, d.excerpt);
                    s.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
                });
    }

    private <T> JdbcSink<T> sink(String sql, JdbcStatementBuilder<T> binder) {
        return JdbcSink.<T>builder()
                .withQueryStatement(sql, binder)
                .withExecutionOptions(execution)
                .buildAtLeastOnce(connection.options());
    }

    private static void setTimestamp(java.sql.PreparedStatement s, int i, Long epochMillis)
            throws java.sql.SQLException {
        if (epochMillis == null) {
            s.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            s.setObject(
                    i, OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
        }
    }
}
