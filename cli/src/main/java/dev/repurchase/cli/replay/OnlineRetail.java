package dev.repurchase.cli.replay;

import dev.repurchase.common.order.OrderStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The UCI "Online Retail" data set (every invoice line of a UK online giftware shop, 2010-12-01 to
 * 2011-12-09; see {@code data/online_retail/README.md}) as an order history, mapped to the order
 * contract the way every tool of this project maps it:
 *
 * <ul>
 *   <li>one order per InvoiceNo: order_id = InvoiceNo, customer_id = CustomerID (empty stays
 *       empty), created_at = paid_at = the invoice's first InvoiceDate (UTC), region = Country,
 *       channel 'online', currency 'GBP';
 *   <li>one line per invoice line: line_no = position in the invoice (1-based, file order), sku =
 *       StockCode, category 'giftware', quantity = Quantity, unit_price = UnitPrice;
 *   <li>total_amount = sum(Quantity * UnitPrice) rounded half-up to 2 places; invoices starting
 *       with 'C' (cancellations) are REFUNDED with total_amount = refunded_amount = |sum|, all
 *       others ('A' bad-debt adjustments included) are COMPLETED.
 * </ul>
 */
public final class OnlineRetail {

    private static final DateTimeFormatter INVOICE_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final CSVFormat FORMAT =
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

    private OnlineRetail() {}

    /** The whole data set as an order history. */
    public static OrderHistory read(Path gz) throws IOException {
        return read(gz, Instant.MIN, Instant.MAX);
    }

    /**
     * The invoices dated in {@code [from, until)} as an order history: a consistent slice for fast
     * tests (every customer's purchases in the period, each invoice whole).
     */
    public static OrderHistory read(Path gz, Instant from, Instant until) throws IOException {
        Map<String, Invoice> invoices = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16);
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(reader, FORMAT)) {
            for (CSVRecord record : parser) {
                try {
                    String invoiceNo = record.get("InvoiceNo");
                    invoices.computeIfAbsent(invoiceNo, no -> new Invoice(no, record)).add(record);
                } catch (RuntimeException e) {
                    throw new HistoryFormatException(
                            gz, parser.getCurrentLineNumber(), String.valueOf(e.getMessage()));
                }
            }
        }
        List<OrderRow> orders = new ArrayList<>();
        List<ItemRow> items = new ArrayList<>();
        for (Invoice invoice : invoices.values()) {
            if (!invoice.date.isBefore(from) && invoice.date.isBefore(until)) {
                orders.add(invoice.order());
                items.addAll(invoice.items);
            }
        }
        return new OrderHistory(orders, items);
    }

    /** Writes the whole data set as the orders and order_items CSV files of a replay. */
    public static void writeCsv(Path gz, Path ordersCsv, Path itemsCsv) throws IOException {
        read(gz).write(ordersCsv, itemsCsv);
    }

    /** Writes the invoices dated in {@code [from, until)} as the CSV files of a replay. */
    public static void writeCsv(Path gz, Path ordersCsv, Path itemsCsv, Instant from, Instant until)
            throws IOException {
        read(gz, from, until).write(ordersCsv, itemsCsv);
    }

    /** The lines of one invoice in file order (they are not always contiguous in the file). */
    private static final class Invoice {
        private final String invoiceNo;
        private final String customerId;
        private final String country;
        private final Instant date;
        private final List<ItemRow> items = new ArrayList<>();
        private BigDecimal sum = BigDecimal.ZERO;

        Invoice(String invoiceNo, CSVRecord first) {
            this.invoiceNo = invoiceNo;
            this.customerId = customerId(first.get("CustomerID"));
            this.country = emptyToNull(first.get("Country"));
            this.date =
                    LocalDateTime.parse(first.get("InvoiceDate"), INVOICE_DATE)
                            .toInstant(ZoneOffset.UTC);
        }

        void add(CSVRecord line) {
            long quantity = Long.parseLong(line.get("Quantity"));
            BigDecimal unitPrice = new BigDecimal(line.get("UnitPrice"));
            items.add(
                    new ItemRow(
                            invoiceNo,
                            items.size() + 1,
                            emptyToNull(line.get("StockCode")),
                            "giftware",
                            quantity,
                            unitPrice));
            sum = sum.add(unitPrice.multiply(BigDecimal.valueOf(quantity)));
        }

        OrderRow order() {
            boolean cancellation = invoiceNo.startsWith("C");
            BigDecimal total = sum.setScale(2, RoundingMode.HALF_UP);
            if (cancellation) {
                total = total.abs();
            }
            return new OrderRow(
                    invoiceNo,
                    customerId,
                    cancellation ? OrderStatus.REFUNDED : OrderStatus.COMPLETED,
                    total,
                    "GBP",
                    "online",
                    country,
                    null,
                    null,
                    date,
                    date,
                    null,
                    null,
                    null,
                    null,
                    cancellation ? total : BigDecimal.ZERO,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }

        /** Some copies of the data set carry the id as a float ("17850.0"). */
        private static String customerId(String text) {
            if (text.isEmpty()) {
                return null;
            }
            return text.matches("\\d+\\.0+") ? text.substring(0, text.indexOf('.')) : text;
        }

        private static String emptyToNull(String text) {
            return text.isEmpty() ? null : text;
        }
    }
}
