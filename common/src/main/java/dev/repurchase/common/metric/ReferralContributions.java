package dev.repurchase.common.metric;

import dev.repurchase.common.customer.ReferralCommission;
import dev.repurchase.common.period.PeriodType;
import java.util.List;

/**
 * What one customer's commissions contribute to {@code referral_stat} (SPEC 8.1): per referrer and
 * period of the purchase, the customer (once), the orders, their net amount and the commissions.
 */
public final class ReferralContributions {

    /** Counter slots of a referral_stat row, in table column order. */
    public static final int REFERRED_CUSTOMERS = 0;

    public static final int ORDERS = 1;
    public static final int NET_CENTS = 2;
    public static final int COMMISSION_CENTS = 3;

    private ReferralContributions() {}

    /**
     * @param commissions rows owed for the purchases of one customer
     */
    public static CustomerContributions of(
            List<ReferralCommission> commissions, MetricSettings settings) {
        CustomerContributions c = CustomerContributions.empty();
        for (PeriodType type : settings.periodTypes()) {
            java.util.Set<MetricKey> counted = new java.util.HashSet<>();
            for (ReferralCommission row : commissions) {
                MetricKey key =
                        MetricKey.referralStat(
                                type,
                                settings.calendar().periodStart(type, row.purchaseAt),
                                row.referrerId);
                c.add(
                        key,
                        new long[] {
                            counted.add(key) ? 1 : 0, 1, row.netCents, row.commissionCents
                        });
            }
        }
        return c;
    }
}
