package dev.repurchase.common.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.order.Coupon;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * coupon_stat contributions of one customer, counted by hand, with a 30-day window: [issued,
 * redeemed, recipients_not_redeemed, not_redeemed_repurchased] per campaign.
 *
 * <pre>
 *   k1  spring  issued 01-01  redeemed_order_id o-1         redeemed (the row says so)
 *   k2  spring  issued 01-03  unredeemed                    spring: 2 issued, 1 redeemed, so no non-redeemer
 *   k3  summer  issued 02-01  used by purchase 02-05 (k3)   redeemed (a valid purchase used it)
 *   k4  -       issued 03-01  unredeemed                    none: the customer redeemed nothing,
 *                                                           bought 03-15 (within 30 days): repurchased
 * </pre>
 */
class CouponContributionsTest {

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static Coupon coupon(String id, String campaign, String issued, String redeemedBy) {
        long issuedAt = at(issued);
        return new Coupon(id, "alice", campaign, issuedAt, issuedAt + 20 * 86_400_000L, redeemedBy);
    }

    private static final List<Coupon> COUPONS =
            List.of(
                    coupon("k1", "spring", "2025-01-01T00:00:00Z", "o-1"),
                    coupon("k2", "spring", "2025-01-03T00:00:00Z", null),
                    coupon("k3", "summer", "2025-02-01T00:00:00Z", null),
                    coupon("k4", null, "2025-03-01T00:00:00Z", null));

    private static Map<String, List<Long>> stats(long[] times, String[] couponIds) {
        return CouponContributions.of(COUPONS, times, couponIds, 30).asMap().entrySet().stream()
                .collect(
                        Collectors.toMap(
                                Map.Entry::getKey,
                                e -> Arrays.stream(e.getValue()).boxed().toList()));
    }

    @Test
    void countsCouponsRedemptionsAndTheNonRedeemersWhoCameBack() {
        Map<String, List<Long>> stats =
                stats(
                        new long[] {at("2025-02-05T10:00:00Z"), at("2025-03-15T10:00:00Z")},
                        new String[] {"k3", null});

        assertThat(stats)
                .containsOnly(
                        Map.entry("COUPON_STAT[spring]", List.of(2L, 1L, 0L, 0L)),
                        Map.entry("COUPON_STAT[summer]", List.of(1L, 1L, 0L, 0L)),
                        Map.entry("COUPON_STAT[none]", List.of(1L, 0L, 1L, 1L)));
    }

    @Test
    void refundOfThePurchasesUndoesTheRedemptionAndTheRepurchase() {
        List<MetricDelta> deltas =
                CustomerContributions.diff(
                        CouponContributions.of(
                                COUPONS,
                                new long[] {at("2025-02-05T10:00:00Z"), at("2025-03-15T10:00:00Z")},
                                new String[] {"k3", null},
                                30),
                        CouponContributions.of(COUPONS, new long[0], new String[0], 30));

        // summer: k3 is no longer redeemed, and its recipient redeemed none and did not buy.
        assertThat(deltas.stream().map(MetricDelta::toString))
                .containsExactlyInAnyOrder(
                        "COUPON_STAT[summer][0, -1, 1, 0]", "COUPON_STAT[none][0, 0, 0, -1]");
    }

    @Test
    void aPurchaseAfterTheWindowOfTheFirstCouponIsNoRepurchase() {
        // 30 days and 1 ms after k4 was issued: outside its window, and far outside summer's.
        assertThat(stats(new long[] {at("2025-03-31T00:00:00.001Z")}, new String[] {null}))
                .containsEntry("COUPON_STAT[none]", List.of(1L, 0L, 1L, 0L))
                .containsEntry("COUPON_STAT[summer]", List.of(1L, 0L, 1L, 0L));
    }

    @Test
    void noCouponsContributeNothing() {
        assertThat(
                        CouponContributions.of(List.of(), new long[] {1L}, new String[] {null}, 30)
                                .asMap())
                .isEmpty();
    }
}
