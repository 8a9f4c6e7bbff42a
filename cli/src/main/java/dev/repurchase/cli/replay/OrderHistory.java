package dev.repurchase.cli.replay;

import dev.repurchase.common.order.OrderStatus;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A flat order history (SPEC section 7): the rows of the {@code orders} and {@code order_items}
 * tables as two CSV files with a header row in the column names of {@link OrderRow#COLUMNS} and
 * {@link ItemRow#COLUMNS}. Absent columns are empty; timestamps are ISO-8601, UTC unless they carry
 * an offset ('YYYY-MM-DD HH:MM:SS' too).
 *
 * @param orders the orders, in file order; order ids are unique
 * @param items the order lines, in file order; each belongs to one of the orders
 */
public record OrderHistory(List<OrderRow> orders, List<ItemRow> items) {

    private static final Set<String> REQUIRED_ORDER_COLUMNS =
            Set.of("order_id", "status", "total_amount", "created_at");
    private static final Set<String> REQUIRED_ITEM_COLUMNS =
            Set.of("order_id", "line_no", "quantity", "unit_price");

    public OrderHistory {
        orders = List.copyOf(orders);
        items = List.copyOf(items);
    }

    /**
     * Reads and checks both files.
     *
     * @throws HistoryFormatException naming the file, the line and the reason of the first problem
     */
    public static OrderHistory read(Path ordersCsv, Path itemsCsv) throws IOException {
        List<OrderRow> orders = readOrders(ordersCsv);
        Set<String> orderIds = orders.stream().map(OrderRow::orderId).collect(Collectors.toSet());
        return new OrderHistory(orders, readItems(itemsCsv, orderIds));
    }

    /** Writes both files with every column, in the format {@link #read} reads. */
    public void write(Path ordersCsv, Path itemsCsv) throws IOException {
        writeCsv(ordersCsv, OrderRow.COLUMNS, orders.stream().map(OrderRow::values));
        writeCsv(itemsCsv, ItemRow.COLUMNS, items.stream().map(ItemRow::values));
    }

    private static List<OrderRow> readOrders(Path file) throws IOException {
        List<OrderRow> orders = new ArrayList<>();
        Set<String> orderIds = new HashSet<>();
        try (CsvRows rows = CsvRows.open(file, OrderRow.COLUMNS, REQUIRED_ORDER_COLUMNS)) {
            while (rows.next()) {
                OrderRow order = order(rows);
                if (!orderIds.add(order.orderId())) {
                    throw rows.error("order_id '" + order.orderId() + "' appears twice");
                }
                orders.add(order);
            }
        }
        return orders;
    }

    private static OrderRow order(CsvRows row) throws HistoryFormatException {
        return new OrderRow(
                row.requiredText("order_id"),
                row.text("customer_id"),
                status(row),
                row.requiredDecimal("total_amount"),
                row.text("currency"),
                row.text("channel"),
                row.text("region"),
                row.text("campaign_id"),
                row.text("coupon_id"),
                row.requiredInstant("created_at"),
                row.instant("paid_at"),
                row.instant("shipped_at"),
                row.instant("delivered_at"),
                row.instant("promised_delivery_at"),
                row.instant("cancelled_at"),
                row.decimal("refunded_amount"),
                row.text("customer_phone"),
                row.text("customer_email"),
                row.instant("updated_at"),
                row.text("device_id"),
                row.text("client_ip"),
                row.text("address_hash"));
    }

    private static OrderStatus status(CsvRows row) throws HistoryFormatException {
        String status = row.requiredText("status");
        try {
            return OrderStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw row.error(
                    "status '"
                            + status
                            + "' is not one of "
                            + Arrays.toString(OrderStatus.values()));
        }
    }

    private static List<ItemRow> readItems(Path file, Set<String> orderIds) throws IOException {
        List<ItemRow> items = new ArrayList<>();
        Set<String> lineKeys = new HashSet<>();
        try (CsvRows rows = CsvRows.open(file, ItemRow.COLUMNS, REQUIRED_ITEM_COLUMNS)) {
            while (rows.next()) {
                ItemRow item = item(rows);
                if (!orderIds.contains(item.orderId())) {
                    throw rows.error("order_id '" + item.orderId() + "' is not in the orders");
                }
                if (!lineKeys.add(item.orderId() + '\n' + item.lineNo())) {
                    throw rows.error(
                            "line_no "
                                    + item.lineNo()
                                    + " of order '"
                                    + item.orderId()
                                    + "' appears twice");
                }
                items.add(item);
            }
        }
        return items;
    }

    private static ItemRow item(CsvRows row) throws HistoryFormatException {
        long lineNo = row.integer("line_no");
        if (lineNo < 1 || lineNo > Integer.MAX_VALUE) {
            throw row.error("line_no " + lineNo + " is not a positive int");
        }
        return new ItemRow(
                row.requiredText("order_id"),
                (int) lineNo,
                row.text("sku"),
                row.text("category"),
                row.integer("quantity"),
                row.requiredDecimal("unit_price"));
    }

    private static void writeCsv(Path file, List<String> columns, Stream<List<Object>> rows)
            throws IOException {
        CSVFormat format =
                CSVFormat.DEFAULT.builder().setHeader(columns.toArray(String[]::new)).get();
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(writer, format)) {
            for (List<Object> row : (Iterable<List<Object>>) rows::iterator) {
                printer.printRecord(row.stream().map(OrderHistory::csvText));
            }
        }
    }

    private static String csvText(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }
}
