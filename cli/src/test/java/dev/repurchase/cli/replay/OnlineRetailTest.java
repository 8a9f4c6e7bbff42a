package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.repurchase.common.order.OrderStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The expected figures are those of data/online_retail/README.md, recounted with zcat and awk. */
class OnlineRetailTest {

    private static final Path ONLINE_RETAIL = Path.of("../data/online_retail/online_retail.csv.gz");
    private static final Instant FIRST_DAY = Instant.parse("2010-12-01T00:00:00Z");
    private static final Instant A_WEEK_LATER = Instant.parse("2010-12-08T00:00:00Z");

    private static OrderHistory whole;

    @TempDir Path dir;

    @BeforeAll
    static void readTheWholeDataSet() throws IOException {
        whole = OnlineRetail.read(ONLINE_RETAIL);
    }

    @Test
    void hasOneOrderPerInvoiceAndOneLinePerInvoiceLine() {
        assertThat(whole.orders()).hasSize(25_900);
        assertThat(whole.items()).hasSize(541_909);
    }

    @Test
    void keepsTheCustomersAndLeavesMissingOnesEmpty() {
        assertThat(
                        whole.orders().stream()
                                .map(OrderRow::customerId)
                                .filter(Objects::nonNull)
                                .distinct())
                .hasSize(4_372);
        assertThat(whole.orders()).filteredOn(o -> o.customerId() == null).isNotEmpty();
    }

    @Test
    void mapsAnInvoiceToACompletedOrderPaidWhenInvoiced() {
        OrderRow first = order("536365");

        assertThat(first.customerId()).isEqualTo("17850");
        assertThat(first.status()).isEqualTo(OrderStatus.COMPLETED);
        assertThat(first.totalAmount()).isEqualTo(new BigDecimal("139.12"));
        assertThat(first.refundedAmount()).isEqualTo(new BigDecimal("0.00"));
        assertThat(first.createdAt()).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
        assertThat(first.paidAt()).isEqualTo(first.createdAt());
        assertThat(first.region()).isEqualTo("United Kingdom");
        assertThat(first.channel()).isEqualTo("online");
        assertThat(first.currency()).isEqualTo("GBP");
        assertThat(lines("536365"))
                .extracting(ItemRow::lineNo, ItemRow::sku, ItemRow::category)
                .startsWith(tuple(1, "85123A", "giftware"))
                .hasSize(7);
    }

    @Test
    void mapsACancellationToAFullyRefundedOrder() {
        OrderRow cancellation = order("C536379");

        assertThat(cancellation.status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(cancellation.totalAmount()).isEqualTo(new BigDecimal("27.50"));
        assertThat(cancellation.refundedAmount()).isEqualTo(new BigDecimal("27.50"));
        assertThat(whole.orders())
                .filteredOn(o -> o.status() == OrderStatus.REFUNDED)
                .hasSize(3_836);
    }

    @Test
    void keepsBadDebtAdjustmentsAsTheyAre() {
        assertThat(whole.orders())
                .filteredOn(o -> o.orderId().startsWith("A"))
                .extracting(OrderRow::status, OrderRow::customerId, OrderRow::totalAmount)
                .containsExactly(
                        tuple(OrderStatus.COMPLETED, null, new BigDecimal("11062.06")),
                        tuple(OrderStatus.COMPLETED, null, new BigDecimal("-11062.06")),
                        tuple(OrderStatus.COMPLETED, null, new BigDecimal("-11062.06")));
    }

    @Test
    void numbersTheLinesOfAnInvoiceInFileOrderEvenWhenTheyAreApart() {
        List<ItemRow> lines = lines("542806");

        assertThat(lines).hasSize(39);
        assertThat(lines.get(4).sku()).isEqualTo("22692");
        assertThat(lines).extracting(ItemRow::lineNo).isSorted().doesNotHaveDuplicates();
        assertThat(lines.get(38).lineNo()).isEqualTo(39);
    }

    @Test
    void keepsThePrecisionOfPricesBelowAPenny() {
        assertThat(lines("550193"))
                .filteredOn(line -> "PADS".equals(line.sku()))
                .extracting(ItemRow::unitPrice)
                .containsExactly(new BigDecimal("0.001"));
    }

    @Test
    void writesAPeriodAsTheCsvFilesOfAReplay() throws IOException {
        Path orders = dir.resolve("orders.csv");
        Path items = dir.resolve("order_items.csv");

        OnlineRetail.writeCsv(ONLINE_RETAIL, orders, items, FIRST_DAY, A_WEEK_LATER);

        OrderHistory week = OrderHistory.read(orders, items);
        assertThat(week).isEqualTo(OnlineRetail.read(ONLINE_RETAIL, FIRST_DAY, A_WEEK_LATER));
        assertThat(week.orders()).hasSize(757);
        assertThat(week.items()).hasSize(16_985);
        assertThat(
                        week.orders().stream()
                                .map(OrderRow::customerId)
                                .filter(Objects::nonNull)
                                .distinct())
                .hasSize(452);
    }

    @Test
    void readsCustomerIdsWrittenAsFloats() throws IOException {
        Path gz = dir.resolve("float-ids.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(
                    """
                    "InvoiceNo","StockCode","Description","Quantity","InvoiceDate","UnitPrice","CustomerID","Country"
                    "536365","85123A","WHITE HANGING HEART T-LIGHT HOLDER",6,"2010-12-01 08:26:00",2.55,17850.0,"United Kingdom"
                    "536366","22633","HAND WARMER UNION JACK",6,"2010-12-01 08:28:00",1.85,,"United Kingdom"
                    """
                            .getBytes(StandardCharsets.UTF_8));
        }

        assertThat(OnlineRetail.read(gz).orders())
                .extracting(OrderRow::customerId)
                .containsExactly("17850", null);
    }

    private static OrderRow order(String invoiceNo) {
        return whole.orders().stream()
                .filter(o -> o.orderId().equals(invoiceNo))
                .findFirst()
                .orElseThrow();
    }

    private static List<ItemRow> lines(String invoiceNo) {
        return whole.items().stream().filter(i -> i.orderId().equals(invoiceNo)).toList();
    }
}
