package dev.repurchase.common.order;

/**
 * What the per-order state tells a customer's timeline: the order is now this valid purchase, or
 * (purchase null) it is no longer one of the customer's purchases. A Flink POJO.
 */
public class PurchaseChange {

    public String customerId;
    public String orderId;

    /** The purchase as it is now; null if the order left the customer's sequence. */
    public Purchase purchase;

    public PurchaseChange() {}

    public static PurchaseChange upsert(String customerId, Purchase purchase) {
        PurchaseChange change = new PurchaseChange();
        change.customerId = customerId;
        change.orderId = purchase.orderId;
        change.purchase = purchase;
        return change;
    }

    public static PurchaseChange remove(String customerId, String orderId) {
        PurchaseChange change = new PurchaseChange();
        change.customerId = customerId;
        change.orderId = orderId;
        return change;
    }
}
