package dev.repurchase.common.order;

/**
 * One version of a row of the {@code orders} table, typed. Contact fields (phone, e-mail, names)
 * are not carried: they never leave the decoder. Times are epoch milliseconds (UTC), absent times
 * are null. A Flink POJO.
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
