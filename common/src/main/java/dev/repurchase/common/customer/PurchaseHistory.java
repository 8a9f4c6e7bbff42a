package dev.repurchase.common.customer;

import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A customer's valid purchases with the event time each held (SPEC 4.1, "as of the due time"): a
 * version of a purchase is valid from the commit time of the change that made it so, until the
 * commit time of the change that refunded, cancelled, deleted or re-timed it. {@link #validAt}
 * answers "what did the customer look like at T" exactly, whatever changes were read since.
 *
 * <p>Versions the watermark has passed the end of can no longer matter and are {@link #prune}d;
 * only the latest change time before the horizon is kept, as the plan in force after it starts
 * there.
 */
public final class PurchaseHistory {

    /** A purchase as it held from {@code validFrom} until before {@code validTo}. */
    public static final class Version {
        public final Purchase purchase;

        /** Commit time of the change that made it valid; Long.MIN_VALUE once pruned. */
        public long validFrom;

        /** Commit time of the change that ended it; Long.MAX_VALUE while it holds. */
        public long validTo;

        public Version(Purchase purchase, long validFrom, long validTo) {
            this.purchase = purchase;
            this.validFrom = validFrom;
            this.validTo = validTo;
        }

        boolean holdsAt(long t) {
            return validFrom <= t && t < validTo;
        }

        boolean isOpen() {
            return validTo == Long.MAX_VALUE;
        }
    }

    private static final String[] NO_CATEGORIES = new String[0];

    private final List<Version> versions;

    /** The latest change at or before the pruning horizon; Long.MIN_VALUE if none pruned. */
    private long settledChange;

    public PurchaseHistory() {
        this(new ArrayList<>(), Long.MIN_VALUE);
    }

    public PurchaseHistory(List<Version> versions, long settledChange) {
        this.versions = versions;
        this.settledChange = settledChange;
    }

    /** A history of purchases valid since before any time of interest (state migration). */
    public static PurchaseHistory since(long settledChange, List<Purchase> purchases) {
        List<Version> versions = new ArrayList<>(purchases.size());
        purchases.forEach(p -> versions.add(new Version(p, Long.MIN_VALUE, Long.MAX_VALUE)));
        return new PurchaseHistory(versions, settledChange);
    }

    /**
     * Applies a change of one order stamped {@code at}.
     *
     * @return false if it changes nothing (a duplicate, or a field no planner reads)
     */
    public boolean apply(PurchaseChange change, long at) {
        if (change.linesCorrection) {
            return correctLines(change, at);
        }
        Version open = openVersionOf(change.orderId);
        Purchase planned = change.purchase == null ? null : forPlanning(change.purchase);
        if (planned == null ? open == null : open != null && samePlanning(planned, open.purchase)) {
            return false;
        }
        // A change of an order is never before the version it ends (Kafka keeps an order's
        // changes in order; a stray earlier stamp takes effect when that version began).
        long from = open == null ? at : Math.max(at, open.validFrom);
        if (open != null) {
            if (open.validFrom == from) {
                versions.remove(open);
            } else {
                open.validTo = from;
            }
        }
        if (planned != null) {
            versions.add(new Version(planned, from, Long.MAX_VALUE));
        }
        return true;
    }

    /**
     * The order's lines as of {@code at}, read after versions of its row stamped later: what they
     * decide holds in every version of the order from {@code at} on, closed ones included (a
     * version that began before {@code at} is split there). Lines excluding the order (bulk
     * quantity) end it at {@code at}; otherwise each version takes their primary category.
     *
     * @return false if it changes nothing
     */
    private boolean correctLines(PurchaseChange change, long at) {
        List<Version> added = new ArrayList<>();
        boolean changed = false;
        for (Iterator<Version> it = versions.iterator(); it.hasNext(); ) {
            Version v = it.next();
            if (!v.purchase.orderId.equals(change.orderId) || v.validTo <= at) {
                continue;
            }
            if (change.excludedByLines) {
                if (v.validFrom >= at) {
                    it.remove();
                } else {
                    v.validTo = at;
                }
                changed = true;
                continue;
            }
            if (Objects.equals(v.purchase.primaryCategory, change.primaryCategory)) {
                continue;
            }
            Purchase corrected = withPrimaryCategory(v.purchase, change.primaryCategory);
            if (v.validFrom >= at) {
                it.remove();
                added.add(new Version(corrected, v.validFrom, v.validTo));
            } else {
                added.add(new Version(corrected, at, v.validTo));
                v.validTo = at;
            }
            changed = true;
        }
        versions.addAll(added);
        return changed;
    }

    private static Purchase withPrimaryCategory(Purchase p, String primaryCategory) {
        Purchase corrected = forPlanning(p);
        corrected.primaryCategory = primaryCategory;
        return corrected;
    }

    /**
     * What the planners read of a purchase: time, order, net amount, primary category and coupon.
     * Categories, channel, region and campaign are the metrics' ({@code CustomerTimeline}); a
     * change of only those is no change of the history.
     */
    private static Purchase forPlanning(Purchase p) {
        Purchase planned = new Purchase();
        planned.orderId = p.orderId;
        planned.purchasedAt = p.purchasedAt;
        planned.netCents = p.netCents;
        planned.categories = NO_CATEGORIES;
        planned.primaryCategory = p.primaryCategory;
        planned.couponId = p.couponId;
        return planned;
    }

    private static boolean samePlanning(Purchase a, Purchase b) {
        return a.orderId.equals(b.orderId)
                && a.purchasedAt == b.purchasedAt
                && a.netCents == b.netCents
                && Objects.equals(a.primaryCategory, b.primaryCategory)
                && Objects.equals(a.couponId, b.couponId);
    }

    /** The purchases valid at {@code t}, in sequence order. */
    public List<Purchase> validAt(long t) {
        List<Purchase> valid = new ArrayList<>();
        for (Version v : versions) {
            if (v.holdsAt(t)) {
                valid.add(v.purchase);
            }
        }
        valid.sort(Purchase::compareInSequence);
        return valid;
    }

    /** The purchases valid as of the latest change read, in sequence order. */
    public List<Purchase> current() {
        return validAt(Long.MAX_VALUE - 1);
    }

    /**
     * The event times at which the valid purchases changed, ascending: the starts and ends of the
     * versions, and the settled change before the pruning horizon.
     */
    public long[] changeTimes() {
        long[] times = new long[versions.size() * 2 + 1];
        int n = 0;
        if (settledChange != Long.MIN_VALUE) {
            times[n++] = settledChange;
        }
        for (Version v : versions) {
            if (v.validFrom != Long.MIN_VALUE) {
                times[n++] = v.validFrom;
            }
            if (!v.isOpen()) {
                times[n++] = v.validTo;
            }
        }
        long[] sorted = Arrays.copyOf(times, n);
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, distinct);
    }

    /** The first change after {@code t}; Long.MAX_VALUE if none is known. */
    public long nextChangeAfter(long t) {
        for (long c : changeTimes()) {
            if (c > t) {
                return c;
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * Forgets what no evaluation at or after {@code horizon} can see: versions that ended by then,
     * and the exact start of those that began by then (they hold since the settled change).
     */
    public void prune(long horizon) {
        for (long c : changeTimes()) {
            if (c <= horizon) {
                settledChange = c;
            }
        }
        versions.removeIf(v -> v.validTo <= horizon);
        for (Version v : versions) {
            if (v.validFrom <= horizon) {
                v.validFrom = Long.MIN_VALUE;
            }
        }
    }

    /**
     * When the order last changed here: the start of its open version (the settled change if that
     * start was pruned), or else the end of its latest version; Long.MIN_VALUE if no version of it
     * is left.
     */
    public long lastChangeOf(String orderId) {
        long last = Long.MIN_VALUE;
        for (Version v : versions) {
            if (v.purchase.orderId.equals(orderId)) {
                long at =
                        !v.isOpen()
                                ? v.validTo
                                : v.validFrom == Long.MIN_VALUE ? settledChange : v.validFrom;
                last = Math.max(last, at);
            }
        }
        return last;
    }

    public boolean isEmpty() {
        return versions.isEmpty();
    }

    public List<Version> versions() {
        return versions;
    }

    public long settledChange() {
        return settledChange;
    }

    private Version openVersionOf(String orderId) {
        for (Version v : versions) {
            if (v.isOpen() && v.purchase.orderId.equals(orderId)) {
                return v;
            }
        }
        return null;
    }
}
