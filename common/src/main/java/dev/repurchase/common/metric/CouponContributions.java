package dev.repurchase.common.metric;

import dev.repurchase.common.order.Coupon;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one customer's coupons contribute to {@code coupon_stat}, per campaign ({@code none} for a
 * coupon without one): as a {@link CustomerContributions}, so that {@link
 * CustomerContributions#diff} turns any change (a coupon issued, redeemed, deleted; a purchase made
 * or refunded) into exact deltas.
 *
 * <ul>
 *   <li>issued: the customer's coupons of the campaign;
 *   <li>redeemed: those redeemed, i.e. with {@code redeemed_order_id} set, or used by one of the
 *       customer's valid purchases (the order's {@code coupon_id});
 *   <li>recipients_not_redeemed: 1 if the customer redeemed none of their coupons of the campaign;
 *   <li>not_redeemed_repurchased: 1 if, moreover, they made a valid purchase in (t0, t0 + window],
 *       t0 the issue time of their first coupon of the campaign.
 * </ul>
 */
public final class CouponContributions {

    private static final long DAY_MILLIS = 86_400_000L;

    private CouponContributions() {}

    /**
     * @param coupons the customer's coupons (latest versions)
     * @param purchaseTimes the purchase times of the customer's valid purchases
     * @param purchaseCouponIds the coupon id of each of those purchases; null elements if none
     * @param windowDays {@code campaign.window-days}
     */
    public static CustomerContributions of(
            Collection<Coupon> coupons,
            long[] purchaseTimes,
            String[] purchaseCouponIds,
            int windowDays) {
        CustomerContributions c = CustomerContributions.empty();
        if (coupons.isEmpty()) {
            return c;
        }
        // per campaign: issued, redeemed, earliest issue time
        Map<String, long[]> byCampaign = new TreeMap<>();
        for (Coupon coupon : coupons) {
            long[] s =
                    byCampaign.computeIfAbsent(
                            campaignOf(coupon), k -> new long[] {0, 0, Long.MAX_VALUE});
            s[0]++;
            if (redeemed(coupon, purchaseCouponIds)) {
                s[1]++;
            }
            s[2] = Math.min(s[2], coupon.issuedAt);
        }
        long window = windowDays * DAY_MILLIS;
        byCampaign.forEach(
                (campaign, s) -> {
                    boolean notRedeemed = s[1] == 0;
                    boolean repurchased =
                            notRedeemed && boughtIn(purchaseTimes, s[2], s[2] + window);
                    c.add(
                            MetricKey.couponStat(campaign),
                            new long[] {s[0], s[1], notRedeemed ? 1 : 0, repurchased ? 1 : 0});
                });
        return c;
    }

    /** The campaign a coupon counts for: its campaign_id, or {@code none}. */
    public static String campaignOf(Coupon coupon) {
        return coupon.campaignId == null || coupon.campaignId.isEmpty()
                ? Dimension.NO_CAMPAIGN
                : coupon.campaignId;
    }

    /** Redeemed: the row says so, or a valid purchase of the customer carries its id. */
    public static boolean redeemed(Coupon coupon, String[] purchaseCouponIds) {
        if (coupon.isRedeemed()) {
            return true;
        }
        for (String used : purchaseCouponIds) {
            if (Objects.equals(used, coupon.couponId)) {
                return true;
            }
        }
        return false;
    }

    private static boolean boughtIn(long[] times, long after, long upTo) {
        for (long t : times) {
            if (t > after && t <= upTo) {
                return true;
            }
        }
        return false;
    }
}
