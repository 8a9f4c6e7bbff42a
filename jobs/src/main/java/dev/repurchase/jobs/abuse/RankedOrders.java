package dev.repurchase.jobs.abuse;

import java.util.ArrayList;
import java.util.List;

/**
 * The ranked orders of one flash sale sharing one device, IP or address hash, in purchase sequence:
 * purchase time, ties by order id compared as text. Serialized by {@code
 * state.RankedOrdersSerializer}.
 */
public class RankedOrders {

    /** Purchase times, ascending; ties ordered by {@link #orderIds}. */
    public final List<Long> times;

    public final List<String> orderIds;

    public RankedOrders() {
        this(new ArrayList<>(), new ArrayList<>());
    }

    public RankedOrders(List<Long> times, List<String> orderIds) {
        this.times = times;
        this.orderIds = orderIds;
    }

    public int size() {
        return orderIds.size();
    }

    void add(long time, String orderId) {
        int i = search(time, orderId);
        if (i < 0) {
            times.add(-i - 1, time);
            orderIds.add(-i - 1, orderId);
        }
    }

    void remove(long time, String orderId) {
        int i = search(time, orderId);
        if (i >= 0) {
            times.remove(i);
            orderIds.remove(i);
        }
    }

    /** 1 for the first in sequence; 0 if not held. */
    int rankOf(long time, String orderId) {
        int i = search(time, orderId);
        return i < 0 ? 0 : i + 1;
    }

    /** The place of the order, or -(insertion point) - 1. */
    private int search(long time, String orderId) {
        int low = 0;
        int high = orderIds.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = Long.compare(times.get(mid), time);
            if (c == 0) {
                c = orderIds.get(mid).compareTo(orderId);
            }
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }
}
