package dev.repurchase.cli.demo;

import dev.repurchase.cli.generator.CouponRow;
import dev.repurchase.cli.generator.LiveTraffic;
import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.CouponFeed;
import dev.repurchase.cli.replay.OrderHistory;
import dev.repurchase.cli.replay.OrderRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code coupons} change events of a live batch, as Debezium would publish them: an insert when
 * a coupon is issued, an update when an order redeems it (at the order's {@code created_at}, which
 * is in the same batch).
 */
final class LiveCoupons {

    private LiveCoupons() {}

    /**
     * The batch's order and coupon changes, in commit-time order.
     *
     * @param previous the instant the batch before reached: coupons issued after it are new
     */
    static Iterable<ChangeEvent> withCoupons(
            LiveTraffic.Batch batch, Instant previous, String topic) {
        if (batch.coupons().isEmpty()) {
            return batch.events();
        }
        Map<String, Instant> created = new HashMap<>();
        for (OrderRow order : batch.rows().orders()) {
            created.put(order.orderId(), order.createdAt());
        }
        List<CouponFeed.Version> versions = new ArrayList<>();
        for (CouponRow coupon : batch.coupons()) {
            CouponRow issued = CouponFeed.unredeemed(coupon);
            Instant redeemedAt =
                    coupon.redeemedOrderId() == null ? null : created.get(coupon.redeemedOrderId());
            if (coupon.issuedAt().isAfter(previous)) {
                if (redeemedAt != null && redeemedAt.isAfter(coupon.issuedAt())) {
                    versions.add(new CouponFeed.Version(coupon.issuedAt(), null, issued));
                    versions.add(new CouponFeed.Version(redeemedAt, issued, coupon));
                } else {
                    versions.add(new CouponFeed.Version(coupon.issuedAt(), null, coupon));
                }
            } else {
                Instant at = redeemedAt != null ? redeemedAt : batch.until();
                versions.add(new CouponFeed.Version(at, issued, coupon));
            }
        }
        CouponFeed coupons =
                CouponFeed.of(List.of(), new OrderHistory(List.of(), List.of()), topic)
                        .with(versions);
        return CouponFeed.merge(batch.events(), coupons);
    }
}
