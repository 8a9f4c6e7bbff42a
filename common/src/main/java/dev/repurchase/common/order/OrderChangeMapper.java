package dev.repurchase.common.order;

import dev.repurchase.common.cdc.ChangeOp;
import dev.repurchase.common.cdc.ColumnValues;
import dev.repurchase.common.cdc.MalformedChangeException;
import dev.repurchase.common.cdc.RowChange;
import dev.repurchase.common.cdc.SourceColumns;
import dev.repurchase.common.privacy.ContactHasher;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link RowChange} of the {@code orders} or {@code order_items} table into a typed {@link
 * OrderChange}, translating the source's names into the canonical ones of the input contract:
 *
 * <ul>
 *   <li>table names ({@code orders} and {@code order_items} by default);
 *   <li>column names, canonical to source (identity by default); a mapping key {@code
 *       orders.order_id} applies to one table only and wins over the plain {@code order_id};
 *   <li>status values, source to canonical {@link OrderStatus} name; values match
 *       case-insensitively, and canonical names are always understood.
 * </ul>
 *
 * <p>Values are read with {@link ColumnValues}: times in any of the usual encodings, amounts
 * rounded to cents. Contact columns (phone, e-mail, names) are not copied: {@code customer_phone}
 * and {@code customer_email} are read only to compute {@link Order#contactHash} when a {@link
 * ContactHasher} is set, and never kept; so are the optional {@code device_id}, {@code client_ip}
 * and {@code address_hash} (SPEC 8.2), kept only as their keyed hashes. A row without its key,
 * without {@code created_at} or {@code status} (orders) or {@code quantity} (lines), or with a
 * value of the wrong kind, is a {@link MalformedChangeException} naming the column. A delete needs
 * only the key: PostgreSQL's default replica identity sends nothing else in {@code before}.
 *
 * <p>Values no real order has are malformed too, so that they cannot corrupt event time or the sums
 * of the sink tables: a time (any time column, and the commit time of the change) before 1970 or
 * from the year {@value SourceColumns#MAX_YEAR} on; an amount whose absolute value is {@link
 * #MAX_AMOUNT} or more (the sink tables hold NUMERIC(18,2)); a quantity whose absolute value is
 * {@value #MAX_QUANTITY} or more. Amounts below that but implausible (negative, zero, above {@code
 * rules.max-order-amount}) are the rules' to judge: they make an order {@code abnormal}. Negative
 * quantities are kept (return lines), as the batch SQL keeps them.
 *
 * <p>Serializable, so Flink functions can hold one.
 */
public final class OrderChangeMapper implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Canonical table names, also the qualifiers of column mapping keys. */
    public static final String ORDERS = "orders";

    public static final String ORDER_ITEMS = "order_items";

    /** Amounts whose absolute value reaches this are malformed: 1,000,000,000,000. */
    public static final BigDecimal MAX_AMOUNT = BigDecimal.TEN.pow(12);

    /** Line quantities whose absolute value reaches this are malformed. */
    public static final long MAX_QUANTITY = 1_000_000_000L;

    private static final String ORDER_ID = "order_id";
    private static final String CUSTOMER_ID = "customer_id";
    private static final String STATUS = "status";
    private static final String TOTAL_AMOUNT = "total_amount";
    private static final String REFUNDED_AMOUNT = "refunded_amount";
    private static final String CURRENCY = "currency";
    private static final String CHANNEL = "channel";
    private static final String REGION = "region";
    private static final String CAMPAIGN_ID = "campaign_id";
    private static final String COUPON_ID = "coupon_id";
    private static final String CREATED_AT = "created_at";
    private static final String PAID_AT = "paid_at";
    private static final String SHIPPED_AT = "shipped_at";
    private static final String DELIVERED_AT = "delivered_at";
    private static final String PROMISED_DELIVERY_AT = "promised_delivery_at";
    private static final String CANCELLED_AT = "cancelled_at";
    private static final String UPDATED_AT = "updated_at";
    private static final String CUSTOMER_PHONE = "customer_phone";
    private static final String CUSTOMER_EMAIL = "customer_email";
    private static final String DEVICE_ID = "device_id";
    private static final String CLIENT_IP = "client_ip";
    private static final String ADDRESS_HASH = "address_hash";
    private static final String LINE_NO = "line_no";
    private static final String SKU = "sku";
    private static final String CATEGORY = "category";
    private static final String QUANTITY = "quantity";
    private static final String UNIT_PRICE = "unit_price";

    private static final Map<String, Set<String>> CANONICAL_COLUMNS =
            Map.of(
                    ORDERS,
                    Set.of(
                            ORDER_ID,
                            CUSTOMER_ID,
                            STATUS,
                            TOTAL_AMOUNT,
                            REFUNDED_AMOUNT,
                            CURRENCY,
                            CHANNEL,
                            REGION,
                            CAMPAIGN_ID,
                            COUPON_ID,
                            CREATED_AT,
                            PAID_AT,
                            SHIPPED_AT,
                            DELIVERED_AT,
                            PROMISED_DELIVERY_AT,
                            CANCELLED_AT,
                            UPDATED_AT,
                            CUSTOMER_PHONE,
                            CUSTOMER_EMAIL,
                            DEVICE_ID,
                            CLIENT_IP,
                            ADDRESS_HASH),
                    ORDER_ITEMS,
                    Set.of(ORDER_ID, LINE_NO, SKU, CATEGORY, QUANTITY, UNIT_PRICE));

    private final String ordersTable;
    private final String orderItemsTable;

    /** Per canonical table, each canonical column's source name: resolved once, not per row. */
    private final SourceColumns orderColumns;

    private final SourceColumns lineColumns;
    private final HashMap<String, OrderStatus> statuses;
    private final ContactHasher contactHasher;

    private OrderChangeMapper(Builder builder) {
        this.ordersTable = builder.ordersTable;
        this.orderItemsTable = builder.orderItemsTable;
        this.orderColumns = columns(ORDERS, builder);
        this.lineColumns = columns(ORDER_ITEMS, builder);
        this.statuses = new HashMap<>(builder.statuses);
        this.contactHasher = builder.contactHasher;
    }

    /** A mapper for a source that uses the canonical names throughout. */
    public static OrderChangeMapper canonical() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * @throws MalformedChangeException if the table is neither orders nor order_items, or the row
     *     does not make a valid order or line
     */
    public OrderChange map(RowChange change) throws MalformedChangeException {
        boolean deleted = change.op() == ChangeOp.DELETE;
        Map<String, Object> image = change.image();
        if (image == null) {
            throw new MalformedChangeException("no row image in " + change.op());
        }
        SourceColumns.checkCommitTime(change);
        if (ordersTable.equals(change.table())) {
            Order order = order(new SourceRow(orderColumns, image), !deleted);
            return OrderChange.ofOrder(order, deleted, change.position());
        }
        if (orderItemsTable.equals(change.table())) {
            OrderLine line = line(new SourceRow(lineColumns, image), !deleted);
            return OrderChange.ofLine(line, deleted, change.position());
        }
        throw new MalformedChangeException("unknown table '" + change.table() + "'");
    }

    private Order order(SourceRow row, boolean complete) throws MalformedChangeException {
        Order order = new Order();
        order.orderId = row.key(ORDER_ID);
        order.customerId = ColumnValues.text(row.value(CUSTOMER_ID));
        order.status = status(row.value(STATUS), complete);
        order.totalCents = row.cents(TOTAL_AMOUNT);
        order.refundedCents = row.cents(REFUNDED_AMOUNT);
        order.currency = row.text(CURRENCY);
        order.channel = row.text(CHANNEL);
        order.region = row.text(REGION);
        order.campaignId = row.text(CAMPAIGN_ID);
        order.couponId = row.text(COUPON_ID);
        Long createdAt = row.millis(CREATED_AT);
        if (createdAt == null && complete) {
            throw missing(CREATED_AT);
        }
        order.createdAt = createdAt == null ? 0 : createdAt;
        order.paidAt = row.millis(PAID_AT);
        order.shippedAt = row.millis(SHIPPED_AT);
        order.deliveredAt = row.millis(DELIVERED_AT);
        order.promisedDeliveryAt = row.millis(PROMISED_DELIVERY_AT);
        order.cancelledAt = row.millis(CANCELLED_AT);
        order.updatedAt = row.millis(UPDATED_AT);
        if (contactHasher != null) {
            order.contactHash =
                    contactHasher.hash(
                            ColumnValues.text(row.value(CUSTOMER_PHONE)),
                            ColumnValues.text(row.value(CUSTOMER_EMAIL)));
            order.deviceHash =
                    contactHasher.hashIdentifier("device", ColumnValues.text(row.value(DEVICE_ID)));
            order.ipHash =
                    contactHasher.hashIdentifier("ip", ColumnValues.text(row.value(CLIENT_IP)));
            order.addressHash =
                    contactHasher.hashIdentifier(
                            "address", ColumnValues.text(row.value(ADDRESS_HASH)));
        }
        return order;
    }

    private OrderLine line(SourceRow row, boolean complete) throws MalformedChangeException {
        OrderLine line = new OrderLine();
        line.orderId = row.key(ORDER_ID);
        Long lineNo = row.integer(LINE_NO);
        if (lineNo == null) {
            throw missing(LINE_NO);
        }
        if (lineNo != lineNo.intValue()) {
            throw new MalformedChangeException("column " + LINE_NO + ": out of range: " + lineNo);
        }
        line.lineNo = lineNo.intValue();
        line.sku = row.text(SKU);
        line.category = row.text(CATEGORY);
        Long quantity = row.integer(QUANTITY);
        if (quantity == null && complete) {
            throw missing(QUANTITY);
        }
        if (quantity != null && Math.abs(quantity) >= MAX_QUANTITY) {
            throw new MalformedChangeException(
                    "column " + QUANTITY + ": out of range: " + quantity);
        }
        line.quantity = quantity == null ? 0 : quantity;
        line.unitPrice = ColumnValues.decimal(UNIT_PRICE, row.value(UNIT_PRICE));
        return line;
    }

    private OrderStatus status(Object value, boolean required) throws MalformedChangeException {
        String text = ColumnValues.text(value);
        if (text == null || text.isBlank()) {
            if (required) {
                throw missing(STATUS);
            }
            return null;
        }
        String key = text.trim().toLowerCase(Locale.ROOT);
        OrderStatus status = statuses.get(key);
        if (status != null) {
            return status;
        }
        try {
            return OrderStatus.valueOf(key.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedChangeException(
                    "column " + STATUS + ": unknown status '" + text + "'");
        }
    }

    private static MalformedChangeException missing(String column) {
        return new MalformedChangeException("missing " + column);
    }

    private static SourceColumns columns(String table, Builder builder) {
        return new SourceColumns(
                table, CANONICAL_COLUMNS.get(table), builder.columns, builder.sourceZone);
    }

    /** One row image read through the column mapping of its canonical table. */
    private static final class SourceRow {
        private final SourceColumns columns;
        private final Map<String, Object> image;

        SourceRow(SourceColumns columns, Map<String, Object> image) {
            this.columns = columns;
            this.image = image;
        }

        Object value(String column) {
            return columns.value(image, column);
        }

        /** A key column: numbers become their decimal text; absent or blank is malformed. */
        String key(String column) throws MalformedChangeException {
            String key = ColumnValues.text(value(column));
            if (key == null || key.isBlank()) {
                throw missing(column);
            }
            return key;
        }

        /** An optional text column; blank reads as absent. */
        String text(String column) {
            return columns.text(image, column);
        }

        Long millis(String column) throws MalformedChangeException {
            return columns.millis(image, column);
        }

        Long integer(String column) throws MalformedChangeException {
            return ColumnValues.integer(column, value(column));
        }

        /** An amount in cents; absent reads as 0. */
        long cents(String column) throws MalformedChangeException {
            BigDecimal amount = ColumnValues.decimal(column, value(column));
            if (amount == null) {
                return 0;
            }
            if (amount.abs().compareTo(MAX_AMOUNT) >= 0) {
                throw new MalformedChangeException("column " + column + ": amount out of range");
            }
            return Money.toCents(amount);
        }
    }

    /** Collects the source's names; unknown canonical names fail at once, not on every row. */
    public static final class Builder {
        private String ordersTable = ORDERS;
        private String orderItemsTable = ORDER_ITEMS;
        private final Map<String, String> columns = new HashMap<>();
        private final Map<String, OrderStatus> statuses = new HashMap<>();
        private ContactHasher contactHasher;
        private ZoneId sourceZone = ZoneOffset.UTC;

        private Builder() {}

        /** The zone of the source's date-times without offset (UTC unless set). */
        public Builder sourceZone(ZoneId zone) {
            this.sourceZone = zone;
            return this;
        }

        /** Computes {@link Order#contactHash} with {@code hasher}; none if null (the default). */
        public Builder contactHasher(ContactHasher hasher) {
            this.contactHasher = hasher;
            return this;
        }

        /** The source table holding orders. */
        public Builder ordersTable(String table) {
            this.ordersTable = table;
            return this;
        }

        /** The source table holding order lines. */
        public Builder orderItemsTable(String table) {
            this.orderItemsTable = table;
            return this;
        }

        /**
         * @param canonical a canonical column, plain ({@code order_id}, both tables) or qualified
         *     by its canonical table ({@code orders.order_id})
         * @param source the source table's column name
         * @throws IllegalArgumentException if {@code canonical} names no canonical column
         */
        public Builder column(String canonical, String source) {
            int dot = canonical.indexOf('.');
            String column = canonical.substring(dot + 1);
            boolean known =
                    dot < 0
                            ? CANONICAL_COLUMNS.values().stream().anyMatch(c -> c.contains(column))
                            : CANONICAL_COLUMNS
                                    .getOrDefault(canonical.substring(0, dot), Set.of())
                                    .contains(column);
            if (!known) {
                throw new IllegalArgumentException("unknown canonical column '" + canonical + "'");
            }
            columns.put(canonical, source);
            return this;
        }

        /** {@link #column} for each entry, canonical name to source name. */
        public Builder columns(Map<String, String> canonicalToSource) {
            canonicalToSource.forEach(this::column);
            return this;
        }

        /**
         * @param source a status value of the source (matched case-insensitively)
         * @param canonical the {@link OrderStatus} name it means (case-insensitive)
         * @throws IllegalArgumentException if {@code canonical} is no {@link OrderStatus}
         */
        public Builder status(String source, String canonical) {
            OrderStatus status;
            try {
                status = OrderStatus.valueOf(canonical.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "status '" + source + "' mapped to unknown status '" + canonical + "'");
            }
            statuses.put(source.trim().toLowerCase(Locale.ROOT), status);
            return this;
        }

        /** {@link #status} for each entry, source value to canonical name. */
        public Builder statuses(Map<String, String> sourceToCanonical) {
            sourceToCanonical.forEach(this::status);
            return this;
        }

        public OrderChangeMapper build() {
            return new OrderChangeMapper(this);
        }
    }
}
