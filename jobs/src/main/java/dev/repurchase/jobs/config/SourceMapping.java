package dev.repurchase.jobs.config;

import dev.repurchase.common.order.OrderChangeMapper;
import java.util.Map;
import org.apache.flink.configuration.ReadableConfig;

/**
 * How the order system's own names map to the canonical ones, from options:
 *
 * <ul>
 *   <li>{@code mapping.table.orders}, {@code mapping.table.order-items}: source table names
 *   <li>{@code mapping.column.<canonical>=<source column>} (e.g. {@code
 *       mapping.column.orders.total_amount=amount})
 *   <li>{@code mapping.status.<source value>=<canonical status>} (e.g. {@code
 *       mapping.status.trade_success=COMPLETED})
 * </ul>
 */
public final class SourceMapping {

    public static final String TABLE_ORDERS = "mapping.table.orders";
    public static final String TABLE_ORDER_ITEMS = "mapping.table.order-items";
    public static final String COLUMN_PREFIX = "mapping.column.";
    public static final String STATUS_PREFIX = "mapping.status.";

    private SourceMapping() {}

    public static OrderChangeMapper mapper(ReadableConfig config) {
        OrderChangeMapper.Builder builder = OrderChangeMapper.builder();
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
                        builder.column(key.substring(COLUMN_PREFIX.length()), value);
                    } else if (key.startsWith(STATUS_PREFIX)) {
                        builder.status(key.substring(STATUS_PREFIX.length()), value);
                    }
                });
        return builder.build();
    }
}
