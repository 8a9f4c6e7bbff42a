package dev.repurchase.cli.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Renders row changes as the Debezium 3.x PostgreSQL connector emits them with the JSON converter
 * and {@code schemas.enable=false}: decimals as strings ({@code decimal.handling.mode=string}),
 * timestamps as ISO-8601 UTC strings (like {@code ZonedTimestamp}), integers as numbers.
 */
final class DebeziumEnvelope {

    static final String ORDERS_TABLE = "orders";
    static final String ITEMS_TABLE = "order_items";
    static final String COUPONS_TABLE = "coupons";
    static final String CUSTOMERS_TABLE = "customers";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "3.6.1.Final";
    private static final String DATABASE = "shop";

    private DebeziumEnvelope() {}

    static String orderKey(String orderId) {
        return json(JSON.createObjectNode().put("order_id", orderId));
    }

    static String couponKey(String couponId) {
        return json(JSON.createObjectNode().put("coupon_id", couponId));
    }

    static String customerKey(String customerId) {
        return json(JSON.createObjectNode().put("customer_id", customerId));
    }

    static String itemKey(String orderId, int lineNo) {
        return json(JSON.createObjectNode().put("order_id", orderId).put("line_no", lineNo));
    }

    static ObjectNode image(List<String> columns, List<Object> values) {
        ObjectNode image = JSON.createObjectNode();
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            Object value = values.get(i);
            if (value == null) {
                image.putNull(column);
            } else if (value instanceof Integer number) {
                image.put(column, number);
            } else if (value instanceof Long number) {
                image.put(column, number);
            } else if (value instanceof BigDecimal decimal) {
                image.put(column, decimal.toPlainString());
            } else {
                // Text, and Instant.toString(): ISO-8601 in UTC with 'Z', as ZonedTimestamp.
                image.put(column, value.toString());
            }
        }
        return image;
    }

    /**
     * The change envelope: an insert ({@code op} c) if there is no {@code before}, a delete ({@code
     * op} d) if there is no {@code after}, else an update.
     *
     * @param txId the source transaction
     * @param lsn the position in the source log; orders all changes
     */
    static String change(
            String table, ObjectNode before, ObjectNode after, Instant at, long txId, long lsn) {
        long millis = at.toEpochMilli();
        ObjectNode envelope = JSON.createObjectNode();
        envelope.set("before", before);
        envelope.set("after", after);
        envelope.putObject("source")
                .put("version", VERSION)
                .put("connector", "postgresql")
                .put("name", DATABASE)
                .put("ts_ms", millis)
                .put("snapshot", "false")
                .put("db", DATABASE)
                .put("schema", "public")
                .put("table", table)
                .put("txId", txId)
                .put("lsn", lsn);
        envelope.put("op", before == null ? "c" : after == null ? "d" : "u");
        envelope.put("ts_ms", millis);
        return json(envelope);
    }

    private static String json(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
