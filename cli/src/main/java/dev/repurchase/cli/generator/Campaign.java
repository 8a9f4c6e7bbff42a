package dev.repurchase.cli.generator;

import java.time.MonthDay;
import java.util.List;
import java.util.Objects;

/**
 * A promotion: its {@code id} is the {@code campaign_id} of the orders that use it.
 *
 * <p>A <em>seasonal</em> campaign runs every year from {@code from} to {@code to} (inclusive; it
 * may wrap over New Year). Orders placed in its window use it with probability {@link
 * #participation}; at its start every customer acquired before gets a coupon of it with probability
 * {@link #couponShare}, valid {@link #couponValidDays} days. An <em>always-on</em> campaign ({@code
 * from} and {@code to} null, e.g. "buy2get1") is used by any order with probability {@link
 * #participation}.
 *
 * @param discountPercent the price reduction of the lines it applies to (0..50)
 * @param bundleOf 1 for a plain price reduction; n for "buy n-1 get 1": one line of the order gets
 *     a quantity that is a multiple of n, and only that line the discount
 */
public record Campaign(
        String id,
        MonthDay from,
        MonthDay to,
        int discountPercent,
        int bundleOf,
        double participation,
        double couponShare,
        int couponValidDays) {

    /** Four yearly sales with coupons, and an always-on buy-2-get-1 offer. */
    public static final List<Campaign> DEFAULTS =
            List.of(
                    seasonal("spring-sale", MonthDay.of(3, 1), MonthDay.of(3, 15), 15),
                    seasonal("618", MonthDay.of(6, 1), MonthDay.of(6, 18), 20),
                    seasonal("double-11", MonthDay.of(11, 1), MonthDay.of(11, 11), 25),
                    seasonal("new-year", MonthDay.of(12, 28), MonthDay.of(1, 3), 10),
                    alwaysOn("buy2get1", 33, 3, 0.03));

    public Campaign {
        Objects.requireNonNull(id, "id");
        if ((from == null) != (to == null)) {
            throw new IllegalArgumentException(id + ": from and to are both set or both null");
        }
        if (discountPercent < 0 || discountPercent > 50) {
            throw new IllegalArgumentException(id + ": discountPercent must be in 0..50");
        }
        if (bundleOf < 1) {
            throw new IllegalArgumentException(id + ": bundleOf must be positive");
        }
        ShopProfile.requireShare(id + ".participation", participation);
        ShopProfile.requireShare(id + ".couponShare", couponShare);
        if (couponShare > 0 && couponValidDays < 1) {
            throw new IllegalArgumentException(id + ": coupons need couponValidDays >= 1");
        }
    }

    /**
     * A yearly sale: half of the orders in its window use it, 30% of the existing customers get a
     * coupon valid 3 days past the window's length.
     */
    public static Campaign seasonal(String id, MonthDay from, MonthDay to, int discountPercent) {
        int days =
                (to.atYear(2023).getDayOfYear() - from.atYear(2023).getDayOfYear() + 365) % 365 + 1;
        return new Campaign(id, from, to, discountPercent, 1, 0.5, 0.3, days + 3);
    }

    /** An offer any order may use, without coupons. */
    public static Campaign alwaysOn(
            String id, int discountPercent, int bundleOf, double participation) {
        return new Campaign(id, null, null, discountPercent, bundleOf, participation, 0, 0);
    }

    /** True for an offer without a window. */
    public boolean alwaysOn() {
        return from == null;
    }
}
