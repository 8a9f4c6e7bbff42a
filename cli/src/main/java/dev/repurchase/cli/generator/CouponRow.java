package dev.repurchase.cli.generator;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One row of the {@code coupons} table (SPEC section 1): a coupon issued to a customer for a
 * campaign, valid in {@code [issued_at, expires_at)}, and the order that redeemed it, if any. An
 * order that redeems a coupon carries its {@code coupon_id} and the coupon's campaign.
 *
 * @param redeemedOrderId the redeeming order, placed by the same customer in the validity window;
 *     null while unredeemed
 */
public record CouponRow(
        String couponId,
        String customerId,
        String campaignId,
        Instant issuedAt,
        Instant expiresAt,
        String redeemedOrderId) {

    /** The column names, in the order of {@link #values()}. */
    public static final List<String> COLUMNS =
            List.of(
                    "coupon_id",
                    "customer_id",
                    "campaign_id",
                    "issued_at",
                    "expires_at",
                    "redeemed_order_id");

    public CouponRow {
        Objects.requireNonNull(couponId, "coupon_id");
        Objects.requireNonNull(customerId, "customer_id");
        Objects.requireNonNull(issuedAt, "issued_at");
        Objects.requireNonNull(expiresAt, "expires_at");
        if (!issuedAt.isBefore(expiresAt)) {
            throw new IllegalArgumentException(couponId + ": issued_at must be before expires_at");
        }
    }

    /** The column values in the order of {@link #COLUMNS}. */
    public List<Object> values() {
        return Arrays.asList(
                couponId, customerId, campaignId, issuedAt, expiresAt, redeemedOrderId);
    }

    /** True if the coupon was redeemed. */
    public boolean redeemed() {
        return redeemedOrderId != null;
    }

    /** This coupon, not (yet) redeemed. */
    CouponRow unredeemed() {
        return redeemedOrderId == null
                ? this
                : new CouponRow(couponId, customerId, campaignId, issuedAt, expiresAt, null);
    }
}
