package dev.repurchase.jobs.ingest;

import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderStatus;
import java.util.EnumSet;
import java.util.Set;

/**
 * The order-operation alerts of SPEC 4.2: when each is due for a version of the order row, and
 * whether that version calls for it. A version decides by its status; the shipped and delivered
 * times also count, as a partial refund's status says nothing about the shipment.
 */
public enum AlertType {
    /** The order is still unpaid shortly before its payment deadline. */
    PAYMENT_DUE(EnumSet.of(OrderStatus.PENDING_PAYMENT)) {
        @Override
        Long dueAt(Order order, AlertSettings settings) {
            return order.createdAt + settings.paymentDeadline() - settings.paymentLead();
        }

        @Override
        boolean stillOpen(Order order) {
            return true;
        }
    },
    /** The order was paid and has not shipped within the time the shop allows. */
    SHIP_LATE(EnumSet.of(OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED)) {
        @Override
        Long dueAt(Order order, AlertSettings settings) {
            return order.paidAt == null ? null : order.paidAt + settings.shipWithin();
        }

        @Override
        boolean stillOpen(Order order) {
            return order.shippedAt == null && order.deliveredAt == null;
        }
    },
    /** The order has not been delivered by the date promised to the customer. */
    DELIVERY_LATE(
            EnumSet.of(OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.PARTIALLY_REFUNDED)) {
        @Override
        Long dueAt(Order order, AlertSettings settings) {
            // A promise not after the payment is no promise the shop can be late on.
            return order.promisedDeliveryAt == null
                            || order.paidAt == null
                            || order.promisedDeliveryAt <= order.paidAt
                    ? null
                    : order.promisedDeliveryAt;
        }

        @Override
        boolean stillOpen(Order order) {
            return order.deliveredAt == null;
        }
    };

    private final Set<OrderStatus> alerting;

    AlertType(Set<OrderStatus> alerting) {
        this.alerting = alerting;
    }

    /** When the alert is due for this version of the order (epoch ms); null if it has none. */
    abstract Long dueAt(Order order, AlertSettings settings);

    /** Whether the work the alert is about is still undone, beside what the status says. */
    abstract boolean stillOpen(Order order);

    /** Whether this version of the order, if it is the latest at the due time, calls for it. */
    boolean calledFor(Order order) {
        return order.status != null && alerting.contains(order.status) && stillOpen(order);
    }
}
