package dev.repurchase.cli.generator;

import dev.repurchase.cli.replay.OrderRow;
import dev.repurchase.common.order.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Rows as they stand at an instant, from their final state: what a snapshot of the order system's
 * tables taken then would show. An order's status times still in the future are empty, its status
 * is the one of the latest status time reached (PENDING_PAYMENT before any), nothing is refunded
 * yet, and {@code updated_at} is the latest time reached: exactly the image the change feed of the
 * replay ({@code DebeziumChangeFeed}) carries for that instant.
 */
final class AsOf {

    private static final BigDecimal NOTHING = new BigDecimal("0.00");

    private AsOf() {}

    /** The order as of {@code time}; it must have been created by then. */
    static OrderRow order(OrderRow row, Instant time) {
        if (row.createdAt().isAfter(time)) {
            throw new IllegalArgumentException(row.orderId() + " is created after " + time);
        }
        if (row.updatedAt() == null || !row.updatedAt().isAfter(time)) {
            return row;
        }
        Instant paid = reached(row.paidAt(), time);
        Instant shipped = reached(row.shippedAt(), time);
        Instant delivered = reached(row.deliveredAt(), time);
        Instant cancelled = reached(row.cancelledAt(), time);
        OrderStatus status = OrderStatus.PENDING_PAYMENT;
        Instant latest = row.createdAt();
        // In lifecycle order: of two status times at the same instant, the later one wins.
        if (paid != null && !paid.isBefore(latest)) {
            status = OrderStatus.PAID;
            latest = paid;
        }
        if (shipped != null && !shipped.isBefore(latest)) {
            status = OrderStatus.SHIPPED;
            latest = shipped;
        }
        if (delivered != null && !delivered.isBefore(latest)) {
            status = OrderStatus.DELIVERED;
            latest = delivered;
        }
        if (cancelled != null && !cancelled.isBefore(latest)) {
            status = OrderStatus.CANCELLED;
            latest = cancelled;
        }
        return new OrderRow(
                row.orderId(),
                row.customerId(),
                status,
                row.totalAmount(),
                row.currency(),
                row.channel(),
                row.region(),
                row.campaignId(),
                row.couponId(),
                row.createdAt(),
                paid,
                shipped,
                delivered,
                row.promisedDeliveryAt(),
                cancelled,
                NOTHING,
                row.customerPhone(),
                row.customerEmail(),
                latest,
                row.deviceId(),
                row.clientIp(),
                row.addressHash());
    }

    /** The coupon as of {@code time}; it must have been issued by then. */
    static CouponRow coupon(CustomerTraffic.IssuedCoupon coupon, Instant time) {
        CouponRow row = coupon.row();
        if (row.issuedAt().isAfter(time)) {
            throw new IllegalArgumentException(row.couponId() + " is issued after " + time);
        }
        boolean redeemed = coupon.redeemedAt() != null && !coupon.redeemedAt().isAfter(time);
        return redeemed ? row : row.unredeemed();
    }

    private static Instant reached(Instant at, Instant time) {
        return at != null && !at.isAfter(time) ? at : null;
    }
}
