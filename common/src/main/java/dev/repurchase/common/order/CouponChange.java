package dev.repurchase.common.order;

import dev.repurchase.common.cdc.SourcePosition;

/**
 * A decoded change of a row of the {@code coupons} table, keyed by coupon id: what the decoders
 * make of the coupons topic, next to {@link OrderChange} for orders and their lines. A Flink POJO.
 */
public class CouponChange {

    /** The key: the coupon this change belongs to. */
    public String couponId;

    /** True if the row was deleted; {@link #coupon} then may hold nothing but the key. */
    public boolean deleted;

    public SourcePosition position;

    public Coupon coupon;

    public CouponChange() {}

    public static CouponChange of(Coupon coupon, boolean deleted, SourcePosition position) {
        CouponChange change = new CouponChange();
        change.couponId = coupon.couponId;
        change.deleted = deleted;
        change.position = position;
        change.coupon = coupon;
        return change;
    }
}
