package dev.repurchase.cli.replay;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One row of the {@code order_items} table as an order history gives it; empty columns are null.
 * The unit price keeps its precision (a few real prices have 3 places) with at least 2 places.
 */
public record ItemRow(
        String orderId,
        int lineNo,
        String sku,
        String category,
        long quantity,
        BigDecimal unitPrice) {

    /** The column names, in the order of {@link #values()}. */
    public static final List<String> COLUMNS =
            List.of("order_id", "line_no", "sku", "category", "quantity", "unit_price");

    public ItemRow {
        Objects.requireNonNull(orderId, "order_id");
        Objects.requireNonNull(unitPrice, "unit_price");
        unitPrice = unitPrice.setScale(Math.max(2, unitPrice.scale()));
    }

    /** The column values in the order of {@link #COLUMNS}. */
    public List<Object> values() {
        return Arrays.asList(orderId, lineNo, sku, category, quantity, unitPrice);
    }
}
