package dev.repurchase.common.customer;

/**
 * A customer's referral changed (SPEC 8.1): their registration or their chain of referrers, as the
 * referral chains computed it; {@link #referral} null if the customer has no customers row (any
 * more).
 */
public record ReferralUpdate(String customerId, Referral referral) {}
