package dev.repurchase.common.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.common.rules.PurchaseRules.Verdict;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PurchaseRulesTest {

    /** max order 10,000; bulk above 100 items or 5,000; test account "qa". */
    private final PurchaseRules rules =
            new PurchaseRules(new BigDecimal("10000"), 100, new BigDecimal("5000"), Set.of("qa"));

    private static Order order(OrderStatus status, long totalCents, long refundedCents) {
        Order o = new Order();
        o.orderId = "o1";
        o.customerId = "c1";
        o.status = status;
        o.totalCents = totalCents;
        o.refundedCents = refundedCents;
        return o;
    }

    private Optional<ExclusionReason> exclusion(Order o, long quantity) {
        return rules.exclusion(o, quantity);
    }

    @Test
    void capturedPaymentIsAValidPurchase() {
        for (OrderStatus status :
                new OrderStatus[] {
                    OrderStatus.PAID,
                    OrderStatus.SHIPPED,
                    OrderStatus.DELIVERED,
                    OrderStatus.COMPLETED,
                    OrderStatus.PARTIALLY_REFUNDED
                }) {
            assertThat(rules.verdict(order(status, 2000, 0), 1)).isEqualTo(Verdict.VALID);
        }
    }

    @Test
    void pendingPaymentIsNeitherPurchaseNorExclusion() {
        assertThat(rules.verdict(order(OrderStatus.PENDING_PAYMENT, 2000, 0), 1))
                .isEqualTo(Verdict.PENDING);
    }

    @Test
    void cancelledComesFirst() {
        Order cancelledWithoutCustomer = order(OrderStatus.CANCELLED, 0, 0);
        cancelledWithoutCustomer.customerId = null;
        assertThat(exclusion(cancelledWithoutCustomer, 1000)).contains(ExclusionReason.CANCELLED);
    }

    @Test
    void refundedByStatusOrByAmount() {
        assertThat(exclusion(order(OrderStatus.REFUNDED, 2000, 0), 1))
                .contains(ExclusionReason.REFUNDED);
        assertThat(exclusion(order(OrderStatus.PARTIALLY_REFUNDED, 2000, 2000), 1))
                .contains(ExclusionReason.REFUNDED);
        assertThat(exclusion(order(OrderStatus.PARTIALLY_REFUNDED, 2000, 500), 1)).isEmpty();
    }

    @Test
    void abnormalOrders() {
        assertThat(exclusion(order(OrderStatus.PAID, 0, 0), 1)).contains(ExclusionReason.ABNORMAL);
        assertThat(exclusion(order(OrderStatus.PAID, 1_000_001, 0), 1))
                .contains(ExclusionReason.ABNORMAL);
        Order testAccount = order(OrderStatus.PAID, 2000, 0);
        testAccount.customerId = "qa";
        assertThat(exclusion(testAccount, 1)).contains(ExclusionReason.ABNORMAL);
        Order noCustomer = order(OrderStatus.PAID, 2000, 0);
        noCustomer.customerId = "";
        assertThat(exclusion(noCustomer, 1)).contains(ExclusionReason.ABNORMAL);
    }

    @Test
    void bulkByQuantityOrAmount() {
        assertThat(exclusion(order(OrderStatus.PAID, 2000, 0), 101)).contains(ExclusionReason.BULK);
        assertThat(exclusion(order(OrderStatus.PAID, 2000, 0), 100)).isEmpty();
        assertThat(exclusion(order(OrderStatus.PAID, 500_001, 0), 1))
                .contains(ExclusionReason.BULK);
        assertThat(exclusion(order(OrderStatus.PAID, 500_000, 0), 1)).isEmpty();
    }
}
