package dev.repurchase.jobs.customer;

import dev.repurchase.common.customer.PurchaseHistory;
import dev.repurchase.common.customer.Referral;
import dev.repurchase.common.lifecycle.LifecycleStage;
import dev.repurchase.common.lifecycle.Segment;
import dev.repurchase.common.order.Coupon;
import java.util.TreeMap;

/**
 * Everything {@link CustomerOperator} keeps of one customer, in one value (one state read and at
 * most one write per event): the purchase history with validity times, the coupons, the referral
 * and the planners' marks. Nothing that can be recomputed from these. Serialized by {@code
 * state.CustomerStateSerializer} (versioned).
 */
public class CustomerState {

    public PurchaseHistory history = new PurchaseHistory();

    /** The latest version of each of the customer's coupons, by coupon id. */
    public TreeMap<String, Coupon> coupons = new TreeMap<>();

    /** The COUPON_EXPIRING plans that may still come due, by coupon id. */
    public TreeMap<String, CouponReminder> couponReminders = new TreeMap<>();

    /** Every trigger due at or before this instant has been handled (sent, suppressed, void). */
    public long handledUpTo = Long.MIN_VALUE;

    /** The stage and RFM last counted (as of {@link #handledUpTo}); null stage if none. */
    public LifecycleStage stage;

    public Segment segment;
    public int recencyScore;
    public int frequencyScore;
    public int monetaryScore;
    public long monetaryCents;

    /**
     * Registration and chain of referrers (SPEC 8.1); null without a customers row. The commissions
     * are recomputed from it and the purchases, never stored.
     */
    public Referral referral;

    /** The customer's one event-time timer; Long.MAX_VALUE if none. */
    public long timer = Long.MAX_VALUE;

    public CustomerState() {}

    /** True once nothing is left that a later event or timer could need. */
    public boolean isEmpty() {
        return history.isEmpty()
                && coupons.isEmpty()
                && couponReminders.isEmpty()
                && stage == null
                && segment == null
                && referral == null;
    }
}
