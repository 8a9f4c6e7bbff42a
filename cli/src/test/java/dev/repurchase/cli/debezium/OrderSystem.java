package dev.repurchase.cli.debezium;

import dev.repurchase.cli.debezium.ShopOrder.Line;
import dev.repurchase.jobs.testing.TestMariaDb;
import dev.repurchase.jobs.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The order system's database: the {@code orders} and {@code order_items} tables of SPEC section 1
 * in a schema of their own (PostgreSQL) or a database of their own (MariaDB), written the way a
 * shop's back end writes them (one transaction per business action). Every action returns the
 * number of rows it changed, which is the number of change events Debezium captures for it. On
 * MariaDB the times are DATETIME(3) holding UTC, as SPEC section 1 reads zone-less times.
 */
final class OrderSystem {

    private static final String ORDERS_DDL =
            """
            CREATE TABLE %s.orders (
                order_id             VARCHAR(64)   PRIMARY KEY,
                customer_id          VARCHAR(64),
                status               VARCHAR(32)   NOT NULL,
                total_amount         NUMERIC(12,2) NOT NULL,
                currency             CHAR(3)       NOT NULL DEFAULT 'CNY',
                channel              VARCHAR(32),
                region               VARCHAR(32),
                campaign_id          VARCHAR(64),
                coupon_id            VARCHAR(64),
                created_at           TIMESTAMPTZ   NOT NULL,
                paid_at              TIMESTAMPTZ,
                shipped_at           TIMESTAMPTZ,
                delivered_at         TIMESTAMPTZ,
                promised_delivery_at TIMESTAMPTZ,
                cancelled_at         TIMESTAMPTZ,
                refunded_amount      NUMERIC(12,2) NOT NULL DEFAULT 0,
                customer_phone       VARCHAR(32),
                customer_email       VARCHAR(128),
                updated_at           TIMESTAMPTZ   NOT NULL
            )
            """;

    private static final String ORDER_ITEMS_DDL =
            """
            CREATE TABLE %s.order_items (
                order_id   VARCHAR(64)   NOT NULL REFERENCES %1$s.orders (order_id),
                line_no    INTEGER       NOT NULL,
                sku        VARCHAR(64)   NOT NULL,
                category   VARCHAR(64),
                quantity   INTEGER       NOT NULL,
                unit_price NUMERIC(12,2) NOT NULL,
                PRIMARY KEY (order_id, line_no)
            )
            """;

    private static final String ORDER_COLUMNS =
            "order_id, customer_id, status, total_amount, currency, channel, region, campaign_id,"
                    + " coupon_id, created_at, paid_at, shipped_at, delivered_at,"
                    + " promised_delivery_at, cancelled_at, refunded_amount, customer_phone,"
                    + " customer_email, updated_at";

    private static final String ITEM_COLUMNS =
            "order_id, line_no, sku, category, quantity, unit_price";

    private final String schema;
    private final boolean mariaDb;

    /** The order system in a schema of the machine's PostgreSQL. */
    OrderSystem(String schema) {
        this(schema, false);
    }

    private OrderSystem(String schema, boolean mariaDb) {
        this.schema = schema;
        this.mariaDb = mariaDb;
    }

    /** The order system in a database of the machine's MariaDB. */
    static OrderSystem onMariaDb(String database) {
        return new OrderSystem(database, true);
    }

    String schema() {
        return schema;
    }

    /**
     * Creates the tables, on PostgreSQL with {@code REPLICA IDENTITY FULL}, so updates and deletes
     * carry the whole old row in {@code before} (MariaDB's row binlog has it).
     */
    void createTables() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(ddl(ORDERS_DDL));
            s.execute(ddl(ORDER_ITEMS_DDL));
            if (!mariaDb) {
                s.execute("ALTER TABLE " + schema + ".orders REPLICA IDENTITY FULL");
                s.execute("ALTER TABLE " + schema + ".order_items REPLICA IDENTITY FULL");
            }
        }
    }

    private String ddl(String template) {
        String ddl = String.format(template, schema);
        return mariaDb ? ddl.replace("TIMESTAMPTZ", "DATETIME(3)") : ddl;
    }

    private Connection connect() throws SQLException {
        return mariaDb ? TestMariaDb.connect(schema) : TestPostgres.connect();
    }

    /** A time as the database takes it: with its offset, or as UTC wall time on MariaDB. */
    private Object time(OffsetDateTime time) {
        return mariaDb ? time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() : time;
    }

    /**
     * Copies the orders and order_items rows into the tables of the same names that {@code
     * postgres} sees (the batch inputs of sql/099_batch_inputs.sql).
     */
    void copyTablesInto(Connection postgres) throws SQLException {
        if (mariaDb) {
            TestMariaDb.copyTable(schema, "orders", postgres);
            TestMariaDb.copyTable(schema, "order_items", postgres);
            return;
        }
        try (Statement s = postgres.createStatement()) {
            s.execute(copy("orders", ORDER_COLUMNS));
            s.execute(copy("order_items", ITEM_COLUMNS));
        }
    }

    private String copy(String table, String columns) {
        return "INSERT INTO "
                + table
                + " ("
                + columns
                + ") SELECT "
                + columns
                + " FROM "
                + schema
                + "."
                + table;
    }

    /** Checkout of the orders with their lines, in one transaction. */
    int place(List<ShopOrder> orders) throws SQLException {
        return inTransaction(
                c -> {
                    try (PreparedStatement order =
                                    c.prepareStatement(
                                            "INSERT INTO "
                                                    + schema
                                                    + ".orders (order_id, customer_id, status,"
                                                    + " total_amount, channel, region, campaign_id,"
                                                    + " created_at, paid_at, shipped_at,"
                                                    + " delivered_at, promised_delivery_at,"
                                                    + " cancelled_at, refunded_amount,"
                                                    + " customer_phone, customer_email, updated_at)"
                                                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                                    + " ?, ?, ?, ?, ?)");
                            PreparedStatement line =
                                    c.prepareStatement(
                                            "INSERT INTO "
                                                    + schema
                                                    + ".order_items (order_id, line_no, sku,"
                                                    + " category, quantity, unit_price)"
                                                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
                        for (ShopOrder o : orders) {
                            order.setString(1, o.orderId());
                            order.setString(2, o.customerId());
                            order.setString(3, o.status());
                            order.setBigDecimal(4, o.totalAmount());
                            order.setString(5, o.channel());
                            order.setString(6, o.region());
                            order.setString(7, o.campaignId());
                            order.setObject(8, time(o.createdAt()));
                            setTime(order, 9, o.paidAt());
                            setTime(order, 10, o.shippedAt());
                            setTime(order, 11, o.deliveredAt());
                            order.setObject(12, time(o.createdAt().plusDays(5)));
                            setTime(order, 13, o.cancelledAt());
                            order.setBigDecimal(14, o.refundedAmount());
                            // Contact data is in the source; the pipeline must never pass it on.
                            order.setString(
                                    15,
                                    String.format(
                                            "1380013%04d",
                                            Math.floorMod(o.orderId().hashCode(), 10_000)));
                            order.setString(16, o.customerId() + "@example.com");
                            order.setObject(17, time(o.updatedAt()));
                            order.addBatch();
                            int lineNo = 0;
                            for (Line l : o.lines()) {
                                line.setString(1, o.orderId());
                                line.setInt(2, ++lineNo);
                                line.setString(3, l.sku());
                                line.setString(4, l.category());
                                line.setInt(5, l.quantity());
                                line.setBigDecimal(6, l.unitPrice());
                                line.addBatch();
                            }
                        }
                        order.executeBatch();
                        line.executeBatch();
                    }
                    return orders.size() + orders.stream().mapToInt(o -> o.lines().size()).sum();
                });
    }

    /** The payment of a pending order arrives. */
    int pay(String orderId, OffsetDateTime at) throws SQLException {
        return update(
                "UPDATE %s.orders SET status = 'PAID', paid_at = ?, updated_at = ?"
                        + " WHERE order_id = ?",
                at, orderId);
    }

    int ship(String orderId, OffsetDateTime at) throws SQLException {
        return update(
                "UPDATE %s.orders SET status = 'SHIPPED', shipped_at = ?, updated_at = ?"
                        + " WHERE order_id = ?",
                at, orderId);
    }

    /** The whole amount goes back to the customer. */
    int refund(String orderId, OffsetDateTime at) throws SQLException {
        return inTransaction(
                c -> {
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "UPDATE "
                                            + schema
                                            + ".orders SET status = 'REFUNDED',"
                                            + " refunded_amount = total_amount, updated_at = ?"
                                            + " WHERE order_id = ?")) {
                        s.setObject(1, time(at));
                        s.setString(2, orderId);
                        return s.executeUpdate();
                    }
                });
    }

    /** The customer changes a line's quantity before paying; the order's total follows. */
    int changeQuantity(String orderId, int lineNo, int quantity, OffsetDateTime at)
            throws SQLException {
        return inTransaction(
                c -> {
                    int rows;
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "UPDATE "
                                            + schema
                                            + ".order_items SET quantity = ?"
                                            + " WHERE order_id = ? AND line_no = ?")) {
                        s.setInt(1, quantity);
                        s.setString(2, orderId);
                        s.setInt(3, lineNo);
                        rows = s.executeUpdate();
                    }
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "UPDATE "
                                            + schema
                                            + ".orders SET updated_at = ?, total_amount ="
                                            + " (SELECT sum(quantity * unit_price) FROM "
                                            + schema
                                            + ".order_items WHERE order_id = ?)"
                                            + " WHERE order_id = ?")) {
                        s.setObject(1, time(at));
                        s.setString(2, orderId);
                        s.setString(3, orderId);
                        rows += s.executeUpdate();
                    }
                    return rows;
                });
    }

    /** An abandoned order is purged, its lines first. */
    int delete(String orderId) throws SQLException {
        return inTransaction(
                c -> {
                    int rows = 0;
                    for (String table : List.of("order_items", "orders")) {
                        try (PreparedStatement s =
                                c.prepareStatement(
                                        "DELETE FROM "
                                                + schema
                                                + "."
                                                + table
                                                + " WHERE order_id = ?")) {
                            s.setString(1, orderId);
                            rows += s.executeUpdate();
                        }
                    }
                    return rows;
                });
    }

    private int update(String sql, OffsetDateTime at, String orderId) throws SQLException {
        return inTransaction(
                c -> {
                    try (PreparedStatement s = c.prepareStatement(String.format(sql, schema))) {
                        s.setObject(1, time(at));
                        s.setObject(2, time(at));
                        s.setString(3, orderId);
                        return s.executeUpdate();
                    }
                });
    }

    private interface Work {
        int apply(Connection c) throws SQLException;
    }

    private int inTransaction(Work work) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            int rows = work.apply(c);
            c.commit();
            return rows;
        }
    }

    private void setTime(PreparedStatement s, int index, OffsetDateTime time) throws SQLException {
        if (time == null) {
            s.setNull(index, mariaDb ? Types.TIMESTAMP : Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            s.setObject(index, time(time));
        }
    }
}
