package dev.repurchase.common.lifecycle;

/** The triggers of SPEC section 4. */
public enum TriggerType {
    /** Before the expected repurchase date: remind the customer. */
    REPLENISH_REMINDER,
    /** After the expected date plus grace: a task for sales or customer service. */
    OVERDUE_FOLLOW_UP,
    /** The customer became DORMANT. */
    DORMANT,
    /** The customer became CHURNED. */
    CHURNED,
    /** An unredeemed coupon of the customer expires soon ({@code coupons.lead-days}). */
    COUPON_EXPIRING;

    /** True for the triggers sent on the reminders topic; the others go to lifecycle. */
    public boolean isReminder() {
        return this == REPLENISH_REMINDER || this == OVERDUE_FOLLOW_UP || this == COUPON_EXPIRING;
    }

    /**
     * True for a trigger type sent on the reminders topic: a built-in reminder, or a shop's rule
     * (SPEC 4.3), which is named by the shop.
     */
    public static boolean isReminder(String type) {
        return !DORMANT.name().equals(type) && !CHURNED.name().equals(type);
    }
}
