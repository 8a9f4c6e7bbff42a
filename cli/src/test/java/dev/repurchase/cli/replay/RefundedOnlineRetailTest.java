package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.order.OrderStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The history of the failure and restart tests has the changes after the fact it promises. */
class RefundedOnlineRetailTest {

    private static final Path ONLINE_RETAIL = Path.of("../data/online_retail/online_retail.csv.gz");
    private static final Instant FROM = Instant.parse("2010-12-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2011-02-01T00:00:00Z");

    private static OrderHistory invoices;
    private static OrderHistory history;

    @BeforeAll
    static void read() throws Exception {
        invoices = OnlineRetail.read(ONLINE_RETAIL, FROM, UNTIL);
        history = RefundedOnlineRetail.read(ONLINE_RETAIL, FROM, UNTIL);
    }

    @Test
    void sameInvoicesAndLinesWithEveryFate() throws Exception {
        assertThat(history.orders())
                .extracting(OrderRow::orderId)
                .isEqualTo(invoices.orders().stream().map(OrderRow::orderId).toList());
        assertThat(history.items()).isEqualTo(invoices.items());
        Map<OrderStatus, Long> statuses =
                history.orders().stream()
                        .collect(Collectors.groupingBy(OrderRow::status, Collectors.counting()));
        assertThat(statuses)
                .containsKeys(
                        OrderStatus.PENDING_PAYMENT,
                        OrderStatus.CANCELLED,
                        OrderStatus.REFUNDED,
                        OrderStatus.PARTIALLY_REFUNDED,
                        OrderStatus.COMPLETED);
        assertThat(statuses.get(OrderStatus.COMPLETED))
                .as("most orders stay purchases")
                .isGreaterThan(history.orders().size() / 2);
        assertThat(history).isEqualTo(RefundedOnlineRetail.read(ONLINE_RETAIL, FROM, UNTIL));
    }

    @Test
    void paymentsComeHoursAfterTheOrder() {
        List<OrderRow> paid = ofCustomers(row -> row.paidAt() != null);
        assertThat(paid).isNotEmpty();
        for (OrderRow row : paid) {
            assertThat(Duration.between(row.createdAt(), row.paidAt()))
                    .as(row.orderId())
                    .isBetween(Duration.ofHours(1), Duration.ofHours(13));
        }
        assertThat(ofCustomers(row -> row.status() == OrderStatus.PENDING_PAYMENT))
                .allMatch(row -> row.paidAt() == null && row.cancelledAt() == null);
        assertThat(ofCustomers(row -> row.status() == OrderStatus.CANCELLED))
                .allMatch(
                        row -> row.paidAt() == null && row.cancelledAt().isAfter(row.createdAt()));
    }

    @Test
    void refundsComeDaysToWeeksAfterDelivery() {
        List<OrderRow> refunded =
                ofCustomers(
                        row ->
                                row.status() == OrderStatus.REFUNDED
                                        || row.status() == OrderStatus.PARTIALLY_REFUNDED);
        for (OrderRow row : refunded) {
            assertThat(Duration.between(row.deliveredAt(), row.updatedAt()))
                    .as(row.orderId())
                    .isBetween(Duration.ofDays(3), Duration.ofDays(43));
            assertThat(row.refundedAmount()).isPositive().isLessThanOrEqualTo(row.totalAmount());
        }
        assertThat(refunded)
                .filteredOn(row -> row.status() == OrderStatus.PARTIALLY_REFUNDED)
                .isNotEmpty()
                .allMatch(row -> row.refundedAmount().compareTo(row.totalAmount()) < 0);
        assertThat(refunded)
                .as("some refunds come weeks later")
                .anyMatch(
                        row ->
                                Duration.between(row.deliveredAt(), row.updatedAt())
                                                .compareTo(Duration.ofDays(21))
                                        > 0);
    }

    @Test
    void theFeedHasUpdatesAndDuplicates() {
        List<ChangeEvent> feed = list(DebeziumChangeFeed.of(history));
        assertThat(feed.size())
                .as("updates besides the inserts of orders and lines")
                .isGreaterThan(history.orders().size() + history.items().size());

        List<ChangeEvent> duplicated = RefundedOnlineRetail.withDuplicates(history);
        assertThat(duplicated).hasSize(feed.size() + feed.size() / 7);
        assertThat(duplicated.stream().distinct().toList()).isEqualTo(feed);
    }

    private static List<OrderRow> ofCustomers(Predicate<OrderRow> filter) {
        return history.orders().stream()
                .filter(row -> row.customerId() != null && !row.orderId().startsWith("C"))
                .filter(filter)
                .toList();
    }

    private static <T> List<T> list(Iterable<T> iterable) {
        List<T> list = new ArrayList<>();
        iterable.forEach(list::add);
        return list;
    }
}
