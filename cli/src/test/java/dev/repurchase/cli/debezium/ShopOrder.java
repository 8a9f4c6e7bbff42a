package dev.repurchase.cli.debezium;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * An order as the order system stores it: one {@code orders} row and its {@code order_items} lines.
 * The total is the sum of the lines, as a shop computes it at checkout.
 */
record ShopOrder(
        String orderId,
        String customerId,
        String status,
        String channel,
        String region,
        String campaignId,
        OffsetDateTime createdAt,
        OffsetDateTime paidAt,
        OffsetDateTime shippedAt,
        OffsetDateTime deliveredAt,
        OffsetDateTime cancelledAt,
        BigDecimal refundedAmount,
        List<Line> lines) {

    /** A line of an order; {@code line_no} is its position, from 1. */
    record Line(String sku, String category, int quantity, BigDecimal unitPrice) {

        BigDecimal amount() {
            return unitPrice.multiply(BigDecimal.valueOf(quantity));
        }
    }

    BigDecimal totalAmount() {
        return lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The time of the order's latest status change. */
    OffsetDateTime updatedAt() {
        OffsetDateTime latest = createdAt;
        for (OffsetDateTime t :
                new OffsetDateTime[] {paidAt, shippedAt, deliveredAt, cancelledAt}) {
            if (t != null && t.isAfter(latest)) {
                latest = t;
            }
        }
        return latest;
    }

    /** An order that was placed and paid a few minutes later, then fulfilled as far as status. */
    static ShopOrder paid(
            String orderId,
            String customerId,
            String status,
            OffsetDateTime createdAt,
            String channel,
            String region,
            String campaignId,
            List<Line> lines) {
        OffsetDateTime paidAt = createdAt.plusMinutes(3);
        boolean shipped = !status.equals("PAID");
        boolean delivered = shipped && !status.equals("SHIPPED");
        return new ShopOrder(
                orderId,
                customerId,
                status,
                channel,
                region,
                campaignId,
                createdAt,
                paidAt,
                shipped ? createdAt.plusDays(1) : null,
                delivered ? createdAt.plusDays(3) : null,
                null,
                BigDecimal.ZERO,
                lines);
    }

    /** An order placed but not paid (yet). */
    static ShopOrder pending(
            String orderId,
            String customerId,
            OffsetDateTime createdAt,
            String channel,
            String region,
            List<Line> lines) {
        return new ShopOrder(
                orderId,
                customerId,
                "PENDING_PAYMENT",
                channel,
                region,
                null,
                createdAt,
                null,
                null,
                null,
                null,
                BigDecimal.ZERO,
                lines);
    }

    /** This order cancelled before payment. */
    ShopOrder cancelled() {
        return new ShopOrder(
                orderId,
                customerId,
                "CANCELLED",
                channel,
                region,
                campaignId,
                createdAt,
                null,
                null,
                null,
                createdAt.plusHours(2),
                BigDecimal.ZERO,
                lines);
    }

    /** This (paid) order refunded in part or in full. */
    ShopOrder refunded(String status, BigDecimal amount) {
        return new ShopOrder(
                orderId,
                customerId,
                status,
                channel,
                region,
                campaignId,
                createdAt,
                paidAt,
                shippedAt,
                deliveredAt,
                null,
                amount,
                lines);
    }
}
