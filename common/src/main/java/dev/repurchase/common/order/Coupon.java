package dev.repurchase.common.order;

import java.util.Objects;

/**
 * One version of a row of the {@code coupons} table (SPEC section 1), typed: a coupon issued to a
 * customer for a campaign, valid until {@code expiresAt}, and the order that redeemed it, if any.
 * Times are epoch milliseconds (UTC). A Flink POJO.
 */
public class Coupon {

    public String couponId;

    /** The customer it was issued to; null only in the key-only image of a delete. */
    public String customerId;

    /** The campaign it belongs to; null if none. */
    public String campaignId;

    public long issuedAt;
    public long expiresAt;

    /** The order that redeemed it; null while unredeemed. */
    public String redeemedOrderId;

    public Coupon() {}

    public Coupon(
            String couponId,
            String customerId,
            String campaignId,
            long issuedAt,
            long expiresAt,
            String redeemedOrderId) {
        this.couponId = couponId;
        this.customerId = customerId;
        this.campaignId = campaignId;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.redeemedOrderId = redeemedOrderId;
    }

    /** True if the row says it was redeemed. */
    public boolean isRedeemed() {
        return redeemedOrderId != null;
    }

    /** True if both describe the coupon alike in every column. */
    public boolean sameAs(Coupon other) {
        return other != null
                && couponId.equals(other.couponId)
                && Objects.equals(customerId, other.customerId)
                && Objects.equals(campaignId, other.campaignId)
                && issuedAt == other.issuedAt
                && expiresAt == other.expiresAt
                && Objects.equals(redeemedOrderId, other.redeemedOrderId);
    }

    @Override
    public String toString() {
        return "Coupon[" + couponId + " of " + customerId + ", campaign " + campaignId + "]";
    }
}
