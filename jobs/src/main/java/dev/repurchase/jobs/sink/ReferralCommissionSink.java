package dev.repurchase.jobs.sink;

import dev.repurchase.common.customer.ReferralCommission;
import dev.repurchase.common.order.Money;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * The JDBC sink of {@code referral_commission} (SPEC 8.1), whose rows are written or deleted: a row
 * no longer owed leaves the table. The JDBC connector's sink binds one statement, so this writer
 * holds two, upsert and delete. Between flushes it keeps the latest row per key, so each key is one
 * statement per flush and the order across keys does not matter; rows of a key reach one writer
 * (the stream is keyed by row), in order.
 *
 * <p>At least once and idempotent like the other sinks: it flushes before every checkpoint barrier,
 * at the end of the input and every {@code batchSize} rows; a replay after a failure writes the
 * same rows or deletes again. Its rows come through a checkpoint gate, so the table never shows
 * what a failed run produced after its last checkpoint.
 */
public final class ReferralCommissionSink implements Sink<ReferralCommission> {

    private static final long serialVersionUID = 1L;

    private static final List<String> KEY = List.of("referrer_id", "order_id", "level");

    private final JdbcConnection connection;
    private final boolean createTables;
    private final int batchSize;

    public ReferralCommissionSink(JdbcConnection connection, boolean createTables, int batchSize) {
        this.connection = connection;
        this.createTables = createTables;
        this.batchSize = batchSize;
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<ReferralCommission> createWriter(Sink.InitContext context)
            throws IOException {
        if (createTables) {
            SchemaInstaller.ensure(connection, context.getJobId().toHexString());
        }
        try {
            return new Writer(connection, batchSize);
        } catch (SQLException e) {
            throw new IOException("cannot open " + connection, e);
        }
    }

    private static final class Writer implements SinkWriter<ReferralCommission> {

        private final SqlDialect dialect;
        private final Connection db;
        private final PreparedStatement upsert;
        private final PreparedStatement delete;
        private final int batchSize;
        private final Map<String, ReferralCommission> pending = new LinkedHashMap<>();

        Writer(JdbcConnection connection, int batchSize) throws SQLException {
            this.dialect = connection.dialect();
            this.db = connection.open();
            this.batchSize = batchSize;
            this.upsert =
                    db.prepareStatement(
                            dialect.upsert(
                                    "referral_commission",
                                    KEY,
                                    List.of(
                                            "customer_id",
                                            "purchase_at",
                                            "net_amount",
                                            "commission")));
            this.delete =
                    db.prepareStatement(
                            "DELETE FROM referral_commission"
                                    + " WHERE referrer_id = ? AND order_id = ? AND level = ?");
        }

        @Override
        public void write(ReferralCommission row, Context context)
                throws IOException, InterruptedException {
            pending.put(row.rowKey(), row);
            if (pending.size() >= batchSize) {
                flush(false);
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (pending.isEmpty()) {
                return;
            }
            try {
                boolean deletes = false;
                boolean upserts = false;
                for (ReferralCommission row : pending.values()) {
                    PreparedStatement s = row.owed ? upsert : delete;
                    s.setString(1, row.referrerId);
                    s.setString(2, row.orderId);
                    s.setInt(3, row.level);
                    if (row.owed) {
                        s.setString(4, row.customerId);
                        dialect.setInstant(s, 5, row.purchaseAt);
                        s.setBigDecimal(6, Money.fromCents(row.netCents));
                        s.setBigDecimal(7, Money.fromCents(row.commissionCents));
                        upserts = true;
                    } else {
                        deletes = true;
                    }
                    s.addBatch();
                }
                if (deletes) {
                    delete.executeBatch();
                }
                if (upserts) {
                    upsert.executeBatch();
                }
                if (!db.getAutoCommit()) {
                    db.commit();
                }
            } catch (SQLException e) {
                throw new IOException("cannot write referral_commission", e);
            }
            pending.clear();
        }

        @Override
        public void close() throws Exception {
            try (db) {
                upsert.close();
                delete.close();
            }
        }
    }
}
