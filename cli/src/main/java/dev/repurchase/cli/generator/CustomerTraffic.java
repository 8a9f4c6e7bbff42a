package dev.repurchase.cli.generator;

import dev.repurchase.cli.replay.CustomerRecord;
import dev.repurchase.cli.replay.ItemRow;
import dev.repurchase.cli.replay.OrderRow;
import java.time.Instant;
import java.util.List;

/**
 * Everything one customer does over the whole simulation, as final rows: each order as it ends up
 * (status times may lie after the profile's end: see {@link AsOf} for the rows as of an instant).
 *
 * @param orders in {@code created_at} order
 * @param items the lines of the orders, grouped by order in the same order, by line number
 * @param coupons in the order they were issued to the customer
 * @param customers the rows of the customers table this traffic brings (the customer's own, or the
 *     flash sale's new accounts), in {@code registered_at} order; none without growth
 */
record CustomerTraffic(
        List<OrderRow> orders,
        List<ItemRow> items,
        List<IssuedCoupon> coupons,
        List<CustomerRecord> customers) {

    /**
     * A coupon as it ends up, and when it was redeemed.
     *
     * @param redeemedAt the {@code created_at} of the redeeming order; null if never redeemed
     */
    record IssuedCoupon(CouponRow row, Instant redeemedAt) {}
}
