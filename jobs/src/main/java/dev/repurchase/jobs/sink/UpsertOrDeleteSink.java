package dev.repurchase.jobs.sink;

import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * The JDBC sink of a table whose rows come and go ({@code abuse_flag}, {@code
 * referral_commission}): a present row upserts its key's row, an absent one deletes it, which the
 * JDBC connector's sink, binding one statement, cannot. Between flushes it keeps the latest row per
 * key, so each key is one statement per flush and the order across keys does not matter; the rows
 * of a key must reach one writer in order (keyed by it).
 *
 * <p>At least once and idempotent like the other sinks: it writes what came since the last flush in
 * one transaction before every checkpoint barrier, at the end of the input and every {@code
 * batchSize} rows; each statement writes a key's whole row or its absence, so a replay after a
 * failure leaves the same table.
 *
 * @param <T> a row, present or absent
 */
public final class UpsertOrDeleteSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    /** Binds some of a row's columns to a statement's parameters. */
    public interface Binder<T> extends Serializable {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    /** A property of a row. */
    public interface Property<T, V> extends Serializable {
        V of(T row);
    }

    /**
     * The table and how rows map to it.
     *
     * @param name the table
     * @param keyColumns its primary key
     * @param valueColumns the other columns
     * @param key a row's key: rows of a key replace each other
     * @param present true if the row is to be written, false if deleted
     * @param bindKey binds the key columns, from parameter 1 on
     * @param bindValues binds the value columns, from the parameter after the key columns on
     */
    public record Table<T>(
            String name,
            List<String> keyColumns,
            List<String> valueColumns,
            Property<T, String> key,
            Property<T, Boolean> present,
            Binder<T> bindKey,
            Binder<T> bindValues)
            implements Serializable {}

    private final JdbcConnection connection;
    private final boolean createTables;
    private final int batchSize;
    private final Table<T> table;

    public UpsertOrDeleteSink(
            JdbcConnection connection, boolean createTables, int batchSize, Table<T> table) {
        this.connection = connection;
        this.createTables = createTables;
        this.batchSize = batchSize;
        this.table = table;
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<T> createWriter(InitContext context) throws IOException {
        if (createTables) {
            SchemaInstaller.ensure(connection, context.getJobId().toHexString());
        }
        return new Writer<>(connection, batchSize, table);
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final JdbcConnection database;
        private final int batchSize;
        private final Table<T> table;
        private final String upsert;
        private final String delete;
        private final Map<String, T> pending = new LinkedHashMap<>();
        private Connection connection;

        Writer(JdbcConnection database, int batchSize, Table<T> table) {
            this.database = database;
            this.batchSize = batchSize;
            this.table = table;
            this.upsert =
                    database.dialect()
                            .upsert(table.name(), table.keyColumns(), table.valueColumns());
            this.delete =
                    "DELETE FROM "
                            + table.name()
                            + " WHERE "
                            + table.keyColumns().stream()
                                    .map(column -> column + " = ?")
                                    .collect(Collectors.joining(" AND "));
        }

        @Override
        public void write(T row, Context context) throws IOException {
            pending.put(table.key().of(row), row);
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
                if (connection == null || !connection.isValid(5)) {
                    closeQuietly();
                    connection = database.open();
                    connection.setAutoCommit(false);
                }
                try (PreparedStatement up = connection.prepareStatement(upsert);
                        PreparedStatement gone = connection.prepareStatement(delete)) {
                    for (T row : pending.values()) {
                        if (table.present().of(row)) {
                            table.bindKey().bind(up, row);
                            table.bindValues().bind(up, row);
                            up.addBatch();
                        } else {
                            table.bindKey().bind(gone, row);
                            gone.addBatch();
                        }
                    }
                    // Each key once per flush: the order of the two batches does not matter.
                    up.executeBatch();
                    gone.executeBatch();
                }
                connection.commit();
                pending.clear();
            } catch (SQLException e) {
                closeQuietly();
                throw new IOException("cannot write " + table.name(), e);
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
