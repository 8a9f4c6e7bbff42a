package dev.repurchase.common.order;

/**
 * One version of a row of the {@code orders} table, typed. Contact fields (phone, e-mail, names)
 * are not carried: they never leave the decoder, at most as the keyed {@link #contactHash}. Times
 * are epoch milliseconds (UTC), absent times are null. A Flink POJO.
 */
public class Order {

    public String orderId;

    /** The customer as the source gives it; null or empty if missing (an abnormal order). */
    public String customerId;

    public OrderStatus status;
    public long totalCents;

    /** Refunded so far, in cents; 0 if none. */
    public long refundedCents;

    public String currency;
    public String channel;
    public String region;
    public String campaignId;
    public String couponId;

    public long createdAt;
    public Long paidAt;
    public Long shippedAt;
    public Long deliveredAt;
    public Long promisedDeliveryAt;
    public Long cancelledAt;
    public Long updatedAt;

    /**
     * A keyed hash (HMAC-SHA256, hex) of the customer's normalised phone, else e-mail, when the job
     * has a hash secret ({@code privacy.hash-secret}); null otherwise. A pseudonym that lets a
     * downstream system match contacts without seeing them; the clear values are never carried.
     */
    public String contactHash;

    /**
     * Keyed hashes (as {@link #contactHash}) of the order's {@code device_id}, {@code client_ip}
     * and {@code address_hash} (SPEC 8.2), when the job has a hash secret; null if absent or
     * without a secret. The clear values are never carried.
     */
    public String deviceHash;

    public String ipHash;
    public String addressHash;

    public Order() {}

    /** Purchase time: {@code paid_at}, else {@code created_at}. */
    public long purchaseTime() {
        return paidAt != null ? paidAt : createdAt;
    }

    /** Net amount: total minus refunded. */
    public long netCents() {
        return totalCents - refundedCents;
    }
}
