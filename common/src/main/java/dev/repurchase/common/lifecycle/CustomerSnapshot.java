package dev.repurchase.common.lifecycle;

import dev.repurchase.common.metric.IntervalHistogram;
import dev.repurchase.common.order.Purchase;
import java.util.List;

/**
 * What lifecycle, RFM and trigger planning need to know of a customer's purchase sequence, sent by
 * the timeline whenever the sequence changes. A Flink POJO.
 */
public class CustomerSnapshot {

    static final long DAY_MILLIS = 86_400_000L;
    static final long WINDOW_MILLIS = 365 * DAY_MILLIS;

    public String customerId;

    /** Valid purchases; 0 when the customer has none (left). */
    public int purchases;

    public Long firstPurchaseAt;
    public Long lastPurchaseAt;
    public String lastOrderId;

    /** Primary category of the last purchase; null if it has no lines. */
    public String lastCategory;

    /** Lifetime net amount, cents. */
    public long netCents;

    /** Lower median of the whole-day intervals between consecutive purchases; -1 below 3. */
    public int ownMedianDays;

    /** Times of the purchases within 365 days up to the last one, ascending. */
    public long[] recentTimes;

    /** Net amounts of those purchases, cents. */
    public long[] recentNets;

    public CustomerSnapshot() {}

    /**
     * @param sequence the customer's valid purchases in sequence order
     */
    public static CustomerSnapshot of(String customerId, List<Purchase> sequence) {
        CustomerSnapshot s = new CustomerSnapshot();
        s.customerId = customerId;
        s.purchases = sequence.size();
        s.ownMedianDays = -1;
        s.recentTimes = new long[0];
        s.recentNets = new long[0];
        if (sequence.isEmpty()) {
            return s;
        }
        Purchase last = sequence.get(sequence.size() - 1);
        s.firstPurchaseAt = sequence.get(0).purchasedAt;
        s.lastPurchaseAt = last.purchasedAt;
        s.lastOrderId = last.orderId;
        s.lastCategory = last.primaryCategory;
        s.netCents = sequence.stream().mapToLong(p -> p.netCents).sum();
        if (sequence.size() >= 3) {
            long[] intervals = new long[0];
            for (int i = 1; i < sequence.size(); i++) {
                intervals =
                        IntervalHistogram.add(
                                intervals,
                                (int)
                                        Math.floorDiv(
                                                sequence.get(i).purchasedAt
                                                        - sequence.get(i - 1).purchasedAt,
                                                DAY_MILLIS),
                                1);
            }
            s.ownMedianDays = IntervalHistogram.stats(intervals).medianDays();
        }
        List<Purchase> recent =
                sequence.stream()
                        .filter(p -> p.purchasedAt > last.purchasedAt - WINDOW_MILLIS)
                        .toList();
        s.recentTimes = recent.stream().mapToLong(p -> p.purchasedAt).toArray();
        s.recentNets = recent.stream().mapToLong(p -> p.netCents).toArray();
        return s;
    }

    public boolean hasPurchases() {
        return purchases > 0;
    }
}
