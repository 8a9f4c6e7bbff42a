package dev.repurchase.common.cdc;

import java.util.Map;

/**
 * One row change in a format-neutral shape: what Debezium, Canal and Maxwell messages all decode
 * to. Column values are normalised where the message says their type ({@link java.math.BigDecimal}
 * for decimals, {@link java.time.Instant} for timestamps); otherwise they stay as the JSON scalar
 * (String, Long, BigDecimal, Boolean) and the typed mapping interprets them.
 *
 * @param table the source table name, without schema or database
 * @param op what happened to the row
 * @param before the row before the change (null for inserts and snapshot reads, or if not captured)
 * @param after the row after the change (null for deletes)
 * @param position where the change stands in the source log
 */
public record RowChange(
        String table,
        ChangeOp op,
        Map<String, Object> before,
        Map<String, Object> after,
        SourcePosition position) {

    /** The row's current image: {@code after}, or {@code before} for a delete. */
    public Map<String, Object> image() {
        return op == ChangeOp.DELETE ? before : after;
    }
}
