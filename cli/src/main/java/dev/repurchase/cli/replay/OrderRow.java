package dev.repurchase.cli.replay;

import dev.repurchase.common.order.OrderStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One row of the {@code orders} table (SPEC section 1) as an order history gives it, contact
 * columns included (and the device, client IP and address hash of SPEC 8.2): the replay publishes
 * them as the order system would, and the decoder masks or hashes them. Empty columns are null.
 * Amounts have 2 decimal places, as in a {@code DECIMAL(p, 2)} column: more places are rounded
 * half-up, a missing refunded amount is 0.
 */
public record OrderRow(
        String orderId,
        String customerId,
        OrderStatus status,
        BigDecimal totalAmount,
        String currency,
        String channel,
        String region,
        String campaignId,
        String couponId,
        Instant createdAt,
        Instant paidAt,
        Instant shippedAt,
        Instant deliveredAt,
        Instant promisedDeliveryAt,
        Instant cancelledAt,
        BigDecimal refundedAmount,
        String customerPhone,
        String customerEmail,
        Instant updatedAt,
        String deviceId,
        String clientIp,
        String addressHash) {

    /** The column names, in the order of {@link #values()}. */
    public static final List<String> COLUMNS =
            List.of(
                    "order_id",
                    "customer_id",
                    "status",
                    "total_amount",
                    "currency",
                    "channel",
                    "region",
                    "campaign_id",
                    "coupon_id",
                    "created_at",
                    "paid_at",
                    "shipped_at",
                    "delivered_at",
                    "promised_delivery_at",
                    "cancelled_at",
                    "refunded_amount",
                    "customer_phone",
                    "customer_email",
                    "updated_at",
                    "device_id",
                    "client_ip",
                    "address_hash");

    /** The columns of SPEC 8.2, which an orders table may not have. */
    public static final List<String> OPTIONAL_COLUMNS =
            List.of("device_id", "client_ip", "address_hash");

    public OrderRow {
        Objects.requireNonNull(orderId, "order_id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "created_at");
        totalAmount = amount(Objects.requireNonNull(totalAmount, "total_amount"));
        refundedAmount = refundedAmount == null ? amount(BigDecimal.ZERO) : amount(refundedAmount);
    }

    /** The column values in the order of {@link #COLUMNS}; the status as its name. */
    public List<Object> values() {
        return Arrays.asList(
                orderId,
                customerId,
                status.name(),
                totalAmount,
                currency,
                channel,
                region,
                campaignId,
                couponId,
                createdAt,
                paidAt,
                shippedAt,
                deliveredAt,
                promisedDeliveryAt,
                cancelledAt,
                refundedAmount,
                customerPhone,
                customerEmail,
                updatedAt,
                deviceId,
                clientIp,
                addressHash);
    }

    private static BigDecimal amount(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }
}
