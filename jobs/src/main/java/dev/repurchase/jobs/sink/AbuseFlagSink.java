package dev.repurchase.jobs.sink;

import dev.repurchase.jobs.abuse.AbuseFlag;
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
 * The {@code abuse_flag} table (SPEC 8.2): a flag upserts the order's row, a cleared flag deletes
 * it, which the upserting JDBC sink cannot. At least once: the changes since the last flush are
 * written, the latest per order, at each checkpoint (and end of input) in one transaction; each
 * change is the order's whole row or its absence, so writing them again after a restart leaves the
 * same table. The changes of one order must reach one writer in order (keyed by order id).
 */
public final class AbuseFlagSink implements Sink<AbuseFlag> {

    private static final long serialVersionUID = 1L;

    private final JdbcConnection connection;
    private final boolean createTables;

    public AbuseFlagSink(JdbcConnection connection, boolean createTables) {
        this.connection = connection;
        this.createTables = createTables;
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<AbuseFlag> createWriter(InitContext context) throws IOException {
        if (createTables) {
            SchemaInstaller.ensure(connection, context.getJobId().toHexString());
        }
        return new Writer(connection);
    }

    private static final class Writer implements SinkWriter<AbuseFlag> {
        private final JdbcConnection database;
        private final String upsert;
        private final Map<String, AbuseFlag> pending = new LinkedHashMap<>();
        private Connection connection;

        Writer(JdbcConnection database) {
            this.database = database;
            SqlDialect dialect = database.dialect();
            // RANK is a reserved word of MySQL 8.
            String rank = dialect == SqlDialect.MYSQL ? "`rank`" : "rank";
            this.upsert =
                    dialect.upsert(
                            "abuse_flag",
                            List.of("order_id"),
                            List.of("campaign_id", "rule", rank, "purchase_at"));
        }

        @Override
        public void write(AbuseFlag flag, Context context) {
            pending.remove(flag.orderId);
            pending.put(flag.orderId, flag);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (pending.isEmpty()) {
                return;
            }
            try {
                if (connection == null || !connection.isValid(5)) {
                    connection = database.open();
                    connection.setAutoCommit(false);
                }
                SqlDialect dialect = database.dialect();
                try (PreparedStatement up = connection.prepareStatement(upsert);
                        PreparedStatement delete =
                                connection.prepareStatement(
                                        "DELETE FROM abuse_flag WHERE order_id = ?")) {
                    for (AbuseFlag f : pending.values()) {
                        if (f.isFlagged()) {
                            up.setString(1, f.orderId);
                            up.setString(2, f.campaignId);
                            up.setString(3, f.rule);
                            up.setInt(4, f.rank);
                            dialect.setInstant(up, 5, f.purchaseAt);
                            up.addBatch();
                        } else {
                            delete.setString(1, f.orderId);
                            delete.addBatch();
                        }
                    }
                    // Each order once per flush: the order of the two batches does not matter.
                    up.executeBatch();
                    delete.executeBatch();
                }
                connection.commit();
                pending.clear();
            } catch (SQLException e) {
                closeQuietly();
                throw new IOException("writing abuse_flag failed", e);
            }
        }

        private void closeQuietly() {
            try {
                if (connection != null) {
                    connection.close();
                }
            } catch (SQLException ignored) {
                // the connection is given up either way
            }
            connection = null;
        }

        @Override
        public void close() {
            closeQuietly();
        }
    }
}
