package dev.repurchase.common.order;

/**
 * What the per-order state tells a customer's timeline: the order is now this valid purchase, or
 * (purchase null) it is no longer one of the customer's purchases. A Flink POJO.
 *
 * <p>Or, a {@linkplain #lines(String, String, String, boolean) correction of the lines}: the
 * order's lines changed by a change stamped before the latest version of its row, read after it
 * (lines and rows come on topics of their own). What the lines decide (the primary category, and a
 * bulk quantity) then holds from the lines' stamp on, in every version of the order since, not only
 * in the current one.
 */
public class PurchaseChange {

    public String customerId;
    public String orderId;

    /** The purchase as it is now; null if the order left the customer's sequence. */
    public Purchase purchase;

    /** True for a correction of the lines (purchase null). */
    public boolean linesCorrection;

    /** Of a correction: the primary category of the lines. */
    public String primaryCategory;

    /** Of a correction: the lines make the order no purchase whatever its row (bulk quantity). */
    public boolean excludedByLines;

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

    /** The order's lines as of the change's stamp, for every version of the order since. */
    public static PurchaseChange lines(
            String customerId, String orderId, String primaryCategory, boolean excludedByLines) {
        PurchaseChange change = new PurchaseChange();
        change.customerId = customerId;
        change.orderId = orderId;
        change.linesCorrection = true;
        change.primaryCategory = primaryCategory;
        change.excludedByLines = excludedByLines;
        return change;
    }
}
