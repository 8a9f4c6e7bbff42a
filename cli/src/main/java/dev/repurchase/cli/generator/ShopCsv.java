package dev.repurchase.cli.generator;

import dev.repurchase.cli.replay.CustomerRecord;
import dev.repurchase.cli.replay.ItemRow;
import dev.repurchase.cli.replay.OrderRow;
import java.io.Closeable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The CSV files of a generated shop, written batch by batch: a header row in the column names of
 * {@link OrderRow#COLUMNS}, {@link ItemRow#COLUMNS}, {@link CouponRow#COLUMNS} (and {@link
 * CustomerRecord#COLUMNS} for a shop with a customers table), empty cells for nulls, decimals in
 * plain notation, instants in ISO-8601 UTC (as {@code OrderHistory.write}).
 */
final class ShopCsv implements Closeable {

    static final String ORDERS = "orders.csv";
    static final String ITEMS = "order_items.csv";
    static final String COUPONS = "coupons.csv";
    static final String CUSTOMERS = "customers.csv";

    private final CSVPrinter orders;
    private final CSVPrinter items;
    private final CSVPrinter coupons;
    private final CSVPrinter customers;

    private ShopCsv(CSVPrinter orders, CSVPrinter items, CSVPrinter coupons, CSVPrinter customers) {
        this.orders = orders;
        this.items = items;
        this.coupons = coupons;
        this.customers = customers;
    }

    /**
     * @param withCustomers whether to write {@code customers.csv} too (a shop with {@link
     *     ShopProfile.Growth})
     */
    static ShopCsv create(Path directory, boolean withCustomers) throws IOException {
        Files.createDirectories(directory);
        CSVPrinter orders = printer(directory.resolve(ORDERS), OrderRow.COLUMNS);
        try {
            CSVPrinter items = printer(directory.resolve(ITEMS), ItemRow.COLUMNS);
            try {
                CSVPrinter coupons = printer(directory.resolve(COUPONS), CouponRow.COLUMNS);
                try {
                    return new ShopCsv(
                            orders,
                            items,
                            coupons,
                            withCustomers
                                    ? printer(directory.resolve(CUSTOMERS), CustomerRecord.COLUMNS)
                                    : null);
                } catch (IOException | RuntimeException e) {
                    coupons.close();
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                items.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            orders.close();
            throw e;
        }
    }

    void append(GeneratedShop shop) throws IOException {
        for (OrderRow order : shop.history().orders()) {
            print(orders, order.values());
        }
        for (ItemRow item : shop.history().items()) {
            print(items, item.values());
        }
        for (CouponRow coupon : shop.coupons()) {
            print(coupons, coupon.values());
        }
        if (customers != null) {
            for (CustomerRecord customer : shop.customers()) {
                print(customers, customer.values());
            }
        }
    }

    @Override
    public void close() throws IOException {
        try (orders;
                items;
                coupons;
                customers) {
            // closes them all, even if one fails (try-with-resources skips a null)
        }
    }

    private static CSVPrinter printer(Path file, List<String> columns) throws IOException {
        CSVFormat format =
                CSVFormat.DEFAULT.builder().setHeader(columns.toArray(String[]::new)).get();
        return new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), format);
    }

    private static void print(CSVPrinter printer, List<Object> values) throws IOException {
        for (Object value : values) {
            printer.print(
                    value == null
                            ? ""
                            : value instanceof BigDecimal decimal
                                    ? decimal.toPlainString()
                                    : value.toString());
        }
        printer.println();
    }
}
