package dev.repurchase.cli.generator;

import dev.repurchase.cli.replay.OrderRow;
import dev.repurchase.common.order.OrderStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How much traffic was generated.
 *
 * @param customers customers with at least one order (the test account included)
 * @param orders orders, of every status
 * @param items order lines
 * @param coupons coupons issued
 * @param redeemedCoupons coupons redeemed
 * @param ordersByStatus orders per status, every status present
 * @param firstCreatedAt the earliest {@code created_at}; null without orders
 * @param lastCreatedAt the latest {@code created_at}; null without orders
 */
public record TrafficSummary(
        long customers,
        long orders,
        long items,
        long coupons,
        long redeemedCoupons,
        Map<OrderStatus, Long> ordersByStatus,
        Instant firstCreatedAt,
        Instant lastCreatedAt) {

    public TrafficSummary {
        ordersByStatus = Collections.unmodifiableMap(new EnumMap<>(ordersByStatus));
    }

    /** No traffic at all. */
    public static TrafficSummary empty() {
        Map<OrderStatus, Long> byStatus = new EnumMap<>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            byStatus.put(status, 0L);
        }
        return new TrafficSummary(0, 0, 0, 0, 0, byStatus, null, null);
    }

    /** The summary of a generated shop, or of a batch of its customers. */
    public static TrafficSummary of(GeneratedShop shop) {
        List<OrderRow> orders = shop.history().orders();
        Map<OrderStatus, Long> byStatus = new EnumMap<>(empty().ordersByStatus());
        Instant first = null;
        Instant last = null;
        for (OrderRow order : orders) {
            byStatus.merge(order.status(), 1L, Long::sum);
            first = first == null || order.createdAt().isBefore(first) ? order.createdAt() : first;
            last = last == null || order.createdAt().isAfter(last) ? order.createdAt() : last;
        }
        long customers = orders.stream().map(OrderRow::customerId).distinct().count();
        long redeemed = shop.coupons().stream().filter(CouponRow::redeemed).count();
        return new TrafficSummary(
                customers,
                orders.size(),
                shop.history().items().size(),
                shop.coupons().size(),
                redeemed,
                byStatus,
                first,
                last);
    }

    /** This and {@code other} together; their customers must be disjoint. */
    public TrafficSummary plus(TrafficSummary other) {
        Map<OrderStatus, Long> byStatus = new EnumMap<>(ordersByStatus);
        other.ordersByStatus.forEach((status, count) -> byStatus.merge(status, count, Long::sum));
        return new TrafficSummary(
                customers + other.customers,
                orders + other.orders,
                items + other.items,
                coupons + other.coupons,
                redeemedCoupons + other.redeemedCoupons,
                byStatus,
                earliest(firstCreatedAt, other.firstCreatedAt),
                latest(lastCreatedAt, other.lastCreatedAt));
    }

    /** The share of the orders with this status. */
    public double share(OrderStatus status) {
        return orders == 0 ? 0 : ordersByStatus.get(status) / (double) orders;
    }

    @Override
    public String toString() {
        return String.format(
                "%,d customers with orders, %,d orders, %,d lines, %,d coupons (%,d redeemed),"
                        + " created %s .. %s, by status %s",
                customers,
                orders,
                items,
                coupons,
                redeemedCoupons,
                firstCreatedAt,
                lastCreatedAt,
                ordersByStatus);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
