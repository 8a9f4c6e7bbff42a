package dev.repurchase.jobs.abuse;

/**
 * A change of an order's {@code abuse_flag} row (SPEC 8.2): flagged by {@link #rule} at {@link
 * #rank}, or (rule null) no longer flagged. {@link #announce} is set on the first flag of the
 * order, which goes to the {@code abuse-alerts} topic. Only keyed hashes of the device, IP and
 * address. Serialized by {@code state.AbuseFlagSerializer}.
 */
public class AbuseFlag {

    public String orderId;
    public String campaignId;
    public String customerId;

    /** device, ip or address; null if the order is no longer flagged. */
    public String rule;

    public int rank;
    public long purchaseAt;

    /** Event time of the change that flagged or cleared the order. */
    public long changedAt;

    public boolean announce;

    public String deviceHash;
    public String ipHash;
    public String addressHash;

    public AbuseFlag() {}

    public boolean isFlagged() {
        return rule != null;
    }
}
