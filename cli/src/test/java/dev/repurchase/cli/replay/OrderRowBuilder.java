package dev.repurchase.cli.replay;

import dev.repurchase.common.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;

/** Builds order rows for tests: only what a test is about needs to be said. */
final class OrderRowBuilder {

    private final String orderId;
    private String customerId = "c-1";
    private OrderStatus status = OrderStatus.COMPLETED;
    private String totalAmount = "25.00";
    private Instant createdAt;
    private Instant paidAt;
    private Instant shippedAt;
    private Instant deliveredAt;
    private Instant cancelledAt;
    private String refundedAmount;
    private String customerPhone;
    private Instant updatedAt;

    private OrderRowBuilder(String orderId) {
        this.orderId = orderId;
    }

    static OrderRowBuilder order(String orderId) {
        return new OrderRowBuilder(orderId);
    }

    OrderRowBuilder customer(String customerId) {
        this.customerId = customerId;
        return this;
    }

    OrderRowBuilder status(OrderStatus status) {
        this.status = status;
        return this;
    }

    OrderRowBuilder total(String amount) {
        this.totalAmount = amount;
        return this;
    }

    OrderRowBuilder createdAt(Instant time) {
        this.createdAt = time;
        return this;
    }

    OrderRowBuilder paidAt(Instant time) {
        this.paidAt = time;
        return this;
    }

    OrderRowBuilder shippedAt(Instant time) {
        this.shippedAt = time;
        return this;
    }

    OrderRowBuilder deliveredAt(Instant time) {
        this.deliveredAt = time;
        return this;
    }

    OrderRowBuilder cancelledAt(Instant time) {
        this.cancelledAt = time;
        return this;
    }

    OrderRowBuilder refunded(String amount) {
        this.refundedAmount = amount;
        return this;
    }

    OrderRowBuilder phone(String phone) {
        this.customerPhone = phone;
        return this;
    }

    OrderRowBuilder updatedAt(Instant time) {
        this.updatedAt = time;
        return this;
    }

    OrderRow build() {
        return new OrderRow(
                orderId,
                customerId,
                status,
                new BigDecimal(totalAmount),
                "CNY",
                "app",
                "east",
                null,
                null,
                createdAt,
                paidAt,
                shippedAt,
                deliveredAt,
                null,
                cancelledAt,
                refundedAmount == null ? null : new BigDecimal(refundedAmount),
                customerPhone,
                null,
                updatedAt,
                null,
                null,
                null);
    }
}
