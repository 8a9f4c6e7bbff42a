package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.repurchase.common.order.OrderStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderHistoryTest {

    private static final String ITEMS =
            """
            order_id,line_no,sku,category,quantity,unit_price
            o-1,1,BEAN-1,coffee,2,12.5
            o-1,2,MUG-7,tableware,1,0.001
            """;

    @TempDir Path dir;

    @Test
    void readsOnlyTheColumnsGivenAndLeavesTheOthersEmpty() throws IOException {
        OrderHistory history =
                read(
                        """
                        order_id,customer_id,status,total_amount,created_at,paid_at
                        o-1,c-9,paid,25.5,2011-01-05T10:00:00Z,2011-01-05 10:07:00
                        """,
                        ITEMS);

        OrderRow order = history.orders().get(0);
        assertThat(order.orderId()).isEqualTo("o-1");
        assertThat(order.customerId()).isEqualTo("c-9");
        assertThat(order.status()).isEqualTo(OrderStatus.PAID);
        assertThat(order.totalAmount()).isEqualTo(new BigDecimal("25.50"));
        assertThat(order.refundedAmount()).isEqualTo(new BigDecimal("0.00"));
        assertThat(order.paidAt()).isEqualTo(Instant.parse("2011-01-05T10:07:00Z"));
        assertThat(order.channel()).isNull();
        assertThat(order.updatedAt()).isNull();
        assertThat(history.items())
                .extracting(ItemRow::lineNo, ItemRow::sku, ItemRow::quantity, ItemRow::unitPrice)
                .containsExactly(
                        tuple(1, "BEAN-1", 2L, new BigDecimal("12.50")),
                        tuple(2, "MUG-7", 1L, new BigDecimal("0.001")));
    }

    @Test
    void readsTimestampsAsUtcUnlessTheyCarryAnOffset() throws IOException {
        OrderHistory history =
                read(
                        """
                        order_id,status,total_amount,created_at,paid_at,shipped_at
                        o-1,SHIPPED,1,2011-01-05T10:00:00,2011-01-05T18:00:00+08:00,2011-01-06 09:30:00.250
                        """,
                        "order_id,line_no,quantity,unit_price\n");

        OrderRow order = history.orders().get(0);
        assertThat(order.createdAt()).isEqualTo(Instant.parse("2011-01-05T10:00:00Z"));
        assertThat(order.paidAt()).isEqualTo(Instant.parse("2011-01-05T10:00:00Z"));
        assertThat(order.shippedAt()).isEqualTo(Instant.parse("2011-01-06T09:30:00.250Z"));
    }

    @Test
    void writesWhatItReads() throws IOException {
        OrderHistory history =
                read(
                        """
                        order_id,customer_id,status,total_amount,currency,created_at,refunded_amount,customer_phone
                        o-1,c-9,REFUNDED,25.50,CNY,2011-01-05T10:00:00Z,25.50,13812345678
                        """,
                        ITEMS);

        history.write(dir.resolve("copy-orders.csv"), dir.resolve("copy-items.csv"));

        assertThat(OrderHistory.read(dir.resolve("copy-orders.csv"), dir.resolve("copy-items.csv")))
                .isEqualTo(history);
    }

    @Test
    void namesTheFileAndLineOfABadTimestamp() {
        assertReadFails(
                """
                order_id,status,total_amount,created_at
                o-1,PAID,10.00,2011-01-05T10:00:00Z
                o-2,PAID,10.00,05/01/2011 10:00
                """,
                "orders.csv:3: created_at '05/01/2011 10:00' is not an ISO-8601 timestamp");
    }

    @Test
    void rejectsAnUnknownStatus() {
        assertReadFails(
                """
                order_id,status,total_amount,created_at
                o-1,SENT,10.00,2011-01-05T10:00:00Z
                """,
                "orders.csv:2: status 'SENT' is not one of [PENDING_PAYMENT, PAID");
    }

    @Test
    void rejectsAMissingRequiredValue() {
        assertReadFails(
                """
                order_id,status,total_amount,created_at
                o-1,PAID,,2011-01-05T10:00:00Z
                """,
                "orders.csv:2: total_amount is empty");
    }

    @Test
    void rejectsAHeaderWithoutARequiredColumnOrWithAnUnknownOne() {
        assertReadFails(
                "order_id,status,created_at\n", "orders.csv:1: missing column 'total_amount'");
        assertReadFails(
                "order_id,status,total_amount,created_at,paidat\n",
                "orders.csv:1: unknown column 'paidat'");
    }

    @Test
    void rejectsARowWithMoreValuesThanTheHeader() {
        assertReadFails(
                """
                order_id,status,total_amount,created_at
                o-1,PAID,10,00,2011-01-05T10:00:00Z
                """,
                "orders.csv:2: expected 4 values as in the header, found 5");
    }

    @Test
    void rejectsADuplicateOrder() {
        assertReadFails(
                """
                order_id,status,total_amount,created_at
                o-1,PAID,10.00,2011-01-05T10:00:00Z
                o-1,PAID,10.00,2011-01-05T10:00:00Z
                """,
                "orders.csv:3: order_id 'o-1' appears twice");
    }

    @Test
    void rejectsALineOfAnUnknownOrder() throws IOException {
        write(
                "items.csv",
                """
                order_id,line_no,quantity,unit_price
                o-1,1,1,2.00
                o-2,1,1,2.00
                """);
        write(
                "orders.csv",
                "order_id,status,total_amount,created_at\no-1,PAID,2,2011-01-05T10:00Z\n");

        assertThatThrownBy(
                        () ->
                                OrderHistory.read(
                                        dir.resolve("orders.csv"), dir.resolve("items.csv")))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageEndingWith("items.csv:3: order_id 'o-2' is not in the orders");
    }

    @Test
    void reportsAMissingFile() {
        assertThatThrownBy(
                        () -> OrderHistory.read(dir.resolve("nope.csv"), dir.resolve("items.csv")))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageEndingWith("nope.csv: no such file")
                .satisfies(e -> assertThat(((HistoryFormatException) e).line()).isZero());
    }

    private OrderHistory read(String orders, String items) throws IOException {
        return OrderHistory.read(write("orders.csv", orders), write("items.csv", items));
    }

    private void assertReadFails(String orders, String message) {
        assertThatThrownBy(() -> read(orders, ITEMS))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith(dir.toString())
                .hasMessageContaining(message);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
