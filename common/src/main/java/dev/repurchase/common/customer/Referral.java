package dev.repurchase.common.customer;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the customer operator knows of a customer's referral (SPEC 8.1): when they registered and
 * their chain of referrers, level 1 first, already cut at a self-referral or a cycle and at {@code
 * referral.levels}. The commissions are recomputed from it and the purchases, never stored.
 */
public final class Referral {

    /** Registration time, epoch milliseconds; null if unknown (no purchase earns). */
    private final Long registeredAt;

    private final String[] referrers;

    public Referral(Long registeredAt, String[] referrers) {
        this.registeredAt = registeredAt;
        this.referrers = referrers.clone();
    }

    public Long registeredAt() {
        return registeredAt;
    }

    /** The referrers, level 1 at index 0. */
    public String[] referrers() {
        return referrers.clone();
    }

    public int levels() {
        return referrers.length;
    }

    /** The referrer of {@code level} (1-based). */
    public String referrer(int level) {
        return referrers[level - 1];
    }

    /** True if no purchase of the customer can earn anything. */
    public boolean earnsNothing() {
        return registeredAt == null || referrers.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Referral r
                && Objects.equals(registeredAt, r.registeredAt)
                && Arrays.equals(referrers, r.referrers);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(registeredAt) + Arrays.hashCode(referrers);
    }

    @Override
    public String toString() {
        return "registered " + registeredAt + " referrers " + Arrays.toString(referrers);
    }
}
