package dev.repurchase.jobs.customer;

/**
 * A trigger that came due (SPEC section 4): sent on Kafka unless suppressed, and logged in {@code
 * trigger_log}. No contact data. Serialized by {@code state.TriggerSerializer}.
 */
public class Trigger {

    public static final String SENT = "SENT";
    public static final String SUPPRESSED = "SUPPRESSED";

    /** Deterministic: the same input gives the same id. */
    public String triggerId;

    public String type;
    public String customerId;
    public long dueAt;

    /** The last valid purchase as of {@code dueAt}; null if none (a coupon of a new customer). */
    public Long lastPurchaseAt;

    /** The expected repurchase instant; null for lifecycle triggers. */
    public Long expectedAt;

    public String category;
    public String segment;
    public String reason;

    /** SENT or SUPPRESSED. */
    public String status;

    /** COUPON_EXPIRING: the coupon, its campaign (null if none) and its expiry; else null. */
    public String couponId;

    public String campaignId;
    public Long expiresAt;

    public Trigger() {}

    public boolean isSent() {
        return SENT.equals(status);
    }
}
