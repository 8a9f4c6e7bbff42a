package dev.repurchase.common.order;

import dev.repurchase.common.cdc.SourcePosition;

/**
 * What the per-coupon state tells a customer: from {@link #position} on, the coupon is {@link
 * #coupon}, or (coupon null) it is no longer one of the customer's coupons (deleted, or moved to
 * another customer). Updates of one coupon reach a customer in source order. A Flink POJO.
 */
public class CouponUpdate {

    /** The key: the customer concerned. */
    public String customerId;

    public String couponId;

    /** Where the version that caused this update stands in the source log. */
    public SourcePosition position;

    /** The coupon as it is now; null if it left the customer. */
    public Coupon coupon;

    public CouponUpdate() {}

    public static CouponUpdate upsert(Coupon coupon, SourcePosition position) {
        CouponUpdate update = new CouponUpdate();
        update.customerId = coupon.customerId;
        update.couponId = coupon.couponId;
        update.position = position;
        update.coupon = coupon;
        return update;
    }

    public static CouponUpdate remove(String customerId, String couponId, SourcePosition position) {
        CouponUpdate update = new CouponUpdate();
        update.customerId = customerId;
        update.couponId = couponId;
        update.position = position;
        return update;
    }
}
