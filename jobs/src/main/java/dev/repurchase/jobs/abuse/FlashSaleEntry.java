package dev.repurchase.jobs.abuse;

/**
 * What the abuse ranking holds of one order of a flash sale: the latest {@link FlashSaleOrder} and
 * its flag. Serialized by {@code state.FlashSaleEntrySerializer}.
 */
public class FlashSaleEntry {

    public FlashSaleOrder order;

    /** The rule that flags the order; null if not flagged. */
    public AbuseRule rule;

    /** The order's rank under {@link #rule}; 0 if not flagged. */
    public int rank;

    /** Whether its flag went to {@code abuse-alerts} (once per order). */
    public boolean announced;

    public FlashSaleEntry() {}
}
