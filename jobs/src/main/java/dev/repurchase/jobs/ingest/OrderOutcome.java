package dev.repurchase.jobs.ingest;

import dev.repurchase.common.order.Purchase;
import java.util.Objects;

/**
 * What an order currently means downstream: a valid purchase of a customer, an exclusion, or
 * nothing (pending, deleted). Kept per order so that the next version can retract it exactly.
 * Serialized by {@code state.OrderOutcomeSerializer}.
 */
public class OrderOutcome {

    public String customerId;

    /** Set if the order is a valid purchase. */
    public Purchase purchase;

    /** Set if the order is excluded: the reason label, purchase time and total amount. */
    public String exclusionReason;

    public long exclusionTime;
    public long exclusionCents;

    public OrderOutcome() {}

    public static OrderOutcome purchase(String customerId, Purchase purchase) {
        OrderOutcome outcome = new OrderOutcome();
        outcome.customerId = customerId;
        outcome.purchase = purchase;
        return outcome;
    }

    public static OrderOutcome exclusion(String reason, long time, long totalCents) {
        OrderOutcome outcome = new OrderOutcome();
        outcome.exclusionReason = reason;
        outcome.exclusionTime = time;
        outcome.exclusionCents = totalCents;
        return outcome;
    }

    /** Whether two outcomes (null: none) mean the same downstream. */
    public static boolean same(OrderOutcome a, OrderOutcome b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a.customerId, b.customerId)
                && (a.purchase == null ? b.purchase == null : a.purchase.sameAs(b.purchase))
                && a.sameExclusion(b);
    }

    public boolean sameExclusion(OrderOutcome other) {
        return other != null
                && Objects.equals(exclusionReason, other.exclusionReason)
                && exclusionTime == other.exclusionTime
                && exclusionCents == other.exclusionCents;
    }
}
