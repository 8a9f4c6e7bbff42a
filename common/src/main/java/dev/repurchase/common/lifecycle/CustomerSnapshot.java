package dev.repurchase.common.lifecycle;

import dev.repurchase.common.metric.IntervalHistogram;
import dev.repurchase.common.order.Purchase;
import java.util.Arrays;
import java.util.List;

/**
 * A customer's valid purchase sequence as lifecycle, RFM and trigger planning need it, sent by the
 * timeline whenever the sequence changes. Parallel arrays in sequence order, compact in state;
 * {@link #asOf} gives the sequence as it stood at an instant of event time, so planning does not
 * depend on the order in which purchases arrived. A Flink POJO.
 */
public class CustomerSnapshot {

    static final long DAY_MILLIS = 86_400_000L;
    static final long WINDOW_MILLIS = 365 * DAY_MILLIS;

    public String customerId;
    public long[] times;
    public String[] orderIds;
    public long[] nets;

    /** Primary category of each purchase; null elements for purchases without lines. */
    public String[] categories;

    /**
     * Per purchase, the lower median of the whole-day intervals between consecutive purchases up to
     * it: the customer's own cycle once they have 3 purchases; -1 before.
     */
    public int[] ownMedians;

    /** The coupon each purchase used ({@code coupon_id} of the order); null elements if none. */
    public String[] couponIds;

    public CustomerSnapshot() {}

    /**
     * @param sequence the customer's valid purchases in sequence order
     */
    public static CustomerSnapshot of(String customerId, List<Purchase> sequence) {
        int n = sequence.size();
        CustomerSnapshot s = new CustomerSnapshot();
        s.customerId = customerId;
        s.times = new long[n];
        s.orderIds = new String[n];
        s.nets = new long[n];
        s.categories = new String[n];
        s.ownMedians = new int[n];
        s.couponIds = new String[n];
        long[] intervals = new long[0];
        for (int i = 0; i < n; i++) {
            Purchase p = sequence.get(i);
            s.times[i] = p.purchasedAt;
            s.orderIds[i] = p.orderId;
            s.nets[i] = p.netCents;
            s.categories[i] = p.primaryCategory;
            s.couponIds[i] = p.couponId;
            if (i > 0) {
                int days = (int) Math.floorDiv(p.purchasedAt - s.times[i - 1], DAY_MILLIS);
                intervals = IntervalHistogram.add(intervals, days, 1);
            }
            s.ownMedians[i] = i >= 2 ? IntervalHistogram.stats(intervals).medianDays() : -1;
        }
        return s;
    }

    /** The first {@code k} purchases. */
    public CustomerSnapshot prefix(int k) {
        if (k == purchases()) {
            return this;
        }
        CustomerSnapshot s = new CustomerSnapshot();
        s.customerId = customerId;
        s.times = Arrays.copyOf(times, k);
        s.orderIds = Arrays.copyOf(orderIds, k);
        s.nets = Arrays.copyOf(nets, k);
        s.categories = Arrays.copyOf(categories, k);
        s.ownMedians = Arrays.copyOf(ownMedians, k);
        s.couponIds = couponIds == null ? new String[k] : Arrays.copyOf(couponIds, k);
        return s;
    }

    /** How many purchases were made at or before {@code now}. */
    public int countAt(long now) {
        int k = 0;
        while (k < times.length && times[k] <= now) {
            k++;
        }
        return k;
    }

    /** The sequence as it stood at {@code now}: the purchases made at or before it. */
    public CustomerSnapshot asOf(long now) {
        return prefix(countAt(now));
    }

    public int purchases() {
        return times.length;
    }

    public boolean hasPurchases() {
        return times.length > 0;
    }

    public long firstPurchaseAt() {
        return times[0];
    }

    public long lastPurchaseAt() {
        return times[times.length - 1];
    }

    public String lastOrderId() {
        return orderIds[orderIds.length - 1];
    }

    /** Primary category of the last purchase; null if it has no lines. */
    public String lastCategory() {
        return categories[categories.length - 1];
    }

    /** The own cycle as of the last purchase; -1 below 3 purchases. */
    public int ownMedianDays() {
        return ownMedians[ownMedians.length - 1];
    }

    /** Lifetime net amount, cents. */
    public long netCents() {
        return Arrays.stream(nets).sum();
    }
}
