package dev.repurchase.jobs.config;

import dev.repurchase.common.cdc.SourceColumns;
import dev.repurchase.common.order.CouponChangeMapper;
import dev.repurchase.common.order.OrderChangeMapper;
import dev.repurchase.common.referral.CustomerRowMapper;
import java.util.Map;
import org.apache.flink.configuration.ReadableConfig;

/**
 * How the order system's own names map to the canonical ones, from options:
 *
 * <ul>
 *   <li>{@code mapping.table.orders}, {@code mapping.table.order-items}, {@code
 *       mapping.table.coupons}: source table names
 *   <li>{@code mapping.column.<canonical>=<source column>} (e.g. {@code
 *       mapping.column.orders.total_amount=amount})
 *   <li>{@code mapping.status.<source value>=<canonical status>} (e.g. {@code
 *       mapping.status.trade_success=COMPLETED})
 * </ul>
 *
 * <p>Date-times without an offset are read in {@code source.timezone} ({@link
 * IngestOptions#SOURCE_TIMEZONE}). With a hash secret ({@link PrivacyOptions#HASH_SECRET}) the
 * mapper also computes each order's keyed contact hash.
 */
public final class SourceMapping {

    public static final String TABLE_ORDERS = "mapping.table.orders";
    public static final String TABLE_ORDER_ITEMS = "mapping.table.order-items";
    public static final String TABLE_COUPONS = "mapping.table.coupons";
    public static final String TABLE_CUSTOMERS = "mapping.table.customers";
    public static final String COLUMN_PREFIX = "mapping.column.";
    public static final String STATUS_PREFIX = "mapping.status.";

    private SourceMapping() {}

    public static OrderChangeMapper mapper(ReadableConfig config) {
        OrderChangeMapper.Builder builder =
                OrderChangeMapper.builder().sourceZone(IngestOptions.sourceZone(config));
        PrivacyOptions.contactHasher(config).ifPresent(builder::contactHasher);
        Map<String, String> all = config.toMap();
        if (all.containsKey(TABLE_ORDERS)) {
            builder.ordersTable(all.get(TABLE_ORDERS));
        }
        if (all.containsKey(TABLE_ORDER_ITEMS)) {
            builder.orderItemsTable(all.get(TABLE_ORDER_ITEMS));
        }
        all.forEach(
                (key, value) -> {
                    if (key.startsWith(COLUMN_PREFIX)) {
                        String canonical = key.substring(COLUMN_PREFIX.length());
                        if (!onlyCoupons(canonical) && !CustomerRowMapper.concerns(canonical)) {
                            builder.column(canonical, value);
                        }
                    } else if (key.startsWith(STATUS_PREFIX)) {
                        builder.status(key.substring(STATUS_PREFIX.length()), value);
                    }
                });
        return builder.build();
    }

    /**
     * The mapper of the coupons table: {@code mapping.table.coupons}, and the column mappings that
     * concern it (plain, like {@code customer_id}, or qualified, like {@code coupons.issued_at}).
     */
    public static CouponChangeMapper couponMapper(ReadableConfig config) {
        return tableMapper(config, TABLE_COUPONS, CouponChangeMapper.builder());
    }

    /**
     * The mapper of the optional customers table (SPEC 8.1): {@code mapping.table.customers}, and
     * the qualified column mappings that concern it ({@code customers.referrer_id}).
     */
    public static CustomerRowMapper customerMapper(ReadableConfig config) {
        return tableMapper(config, TABLE_CUSTOMERS, CustomerRowMapper.builder());
    }

    /** The mapper {@code builder} makes with the table name at {@code tableKey} and its columns. */
    private static <M> M tableMapper(
            ReadableConfig config, String tableKey, SourceColumns.Builder<M> builder) {
        builder.sourceZone(IngestOptions.sourceZone(config));
        Map<String, String> all = config.toMap();
        if (all.containsKey(tableKey)) {
            builder.table(all.get(tableKey));
        }
        all.forEach(
                (key, value) -> {
                    if (key.startsWith(COLUMN_PREFIX)
                            && builder.concerns(key.substring(COLUMN_PREFIX.length()))) {
                        builder.column(key.substring(COLUMN_PREFIX.length()), value);
                    }
                });
        return builder.build();
    }

    /** A column mapping key of the coupons table alone, which the order mapper does not know. */
    private static boolean onlyCoupons(String canonical) {
        return canonical.startsWith(CouponChangeMapper.COUPONS + ".")
                || CouponChangeMapper.OWN_COLUMNS.contains(canonical);
    }
}
