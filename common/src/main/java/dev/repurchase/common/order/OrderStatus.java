package dev.repurchase.common.order;

import java.util.EnumSet;
import java.util.Set;

/** The canonical order statuses of the input contract (SPEC section 1). */
public enum OrderStatus {
    PENDING_PAYMENT,
    PAID,
    SHIPPED,
    DELIVERED,
    COMPLETED,
    CANCELLED,
    REFUNDED,
    PARTIALLY_REFUNDED;

    private static final Set<OrderStatus> PAYMENT_CAPTURED =
            EnumSet.of(PAID, SHIPPED, DELIVERED, COMPLETED, PARTIALLY_REFUNDED);

    /** True for the statuses whose payment is captured: candidates for a valid purchase. */
    public boolean paymentCaptured() {
        return PAYMENT_CAPTURED.contains(this);
    }
}
