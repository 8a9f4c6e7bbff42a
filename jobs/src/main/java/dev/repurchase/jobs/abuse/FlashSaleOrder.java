package dev.repurchase.jobs.abuse;

import dev.repurchase.jobs.ingest.OrderOutcome;
import java.util.Objects;

/**
 * What the order versions tell the flash-sale abuse ranking (SPEC 8.2) of an order of a flash sale,
 * at each change of the order: what it means without the abuse limits, and what ranks it. Only
 * keyed hashes of the device, IP and address are carried. Serialized by {@code
 * state.FlashSaleOrderSerializer} (also the abuse ranking's state).
 */
public class FlashSaleOrder {

    /** The flash sale whose ranking the order goes through (the key of the ranking). */
    public String campaignId;

    public String orderId;

    /** The customer as the order row gives it; null if missing. */
    public String customerId;

    public long purchaseAt;
    public long totalCents;

    /** Keyed hashes; null if the order has none. */
    public String deviceHash;

    public String ipHash;
    public String addressHash;

    /**
     * Whether the order counts in the ranking: a captured order of this flash sale, neither
     * cancelled, refunded nor abnormal.
     */
    public boolean ranked;

    /** What the order means without the abuse limits; null if nothing (pending, deleted). */
    public OrderOutcome outcome;

    public FlashSaleOrder() {}

    /** Whether both tell the ranking the same. */
    public boolean sameAs(FlashSaleOrder other) {
        return other != null
                && campaignId.equals(other.campaignId)
                && orderId.equals(other.orderId)
                && Objects.equals(customerId, other.customerId)
                && purchaseAt == other.purchaseAt
                && totalCents == other.totalCents
                && Objects.equals(deviceHash, other.deviceHash)
                && Objects.equals(ipHash, other.ipHash)
                && Objects.equals(addressHash, other.addressHash)
                && ranked == other.ranked
                && OrderOutcome.same(outcome, other.outcome);
    }

    /** The order's hash under a rule, or null. */
    String hashOf(AbuseRule rule) {
        switch (rule) {
            case DEVICE:
                return deviceHash;
            case IP:
                return ipHash;
            default:
                return addressHash;
        }
    }
}
