package dev.repurchase.common.order;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A valid purchase as the customer timeline keeps it: only what the metrics and triggers need. A
 * Flink POJO; the timeline's state is a sorted array of these.
 */
public class Purchase {

    public String orderId;
    public long purchasedAt;
    public long netCents;

    /** The distinct categories of the order's lines, sorted; empty if it has no lines. */
    public String[] categories;

    /** Category of the largest line amount (ties: the smallest name); null without lines. */
    public String primaryCategory;

    public String channel;
    public String region;
    public String campaignId;
    public String couponId;

    public Purchase() {}

    /** Sequence order: purchase time, ties by order id compared as text. */
    public static int compareInSequence(Purchase a, Purchase b) {
        int byTime = Long.compare(a.purchasedAt, b.purchasedAt);
        return byTime != 0 ? byTime : a.orderId.compareTo(b.orderId);
    }

    /** True if both describe the same purchase in every field the metrics read. */
    public boolean sameAs(Purchase other) {
        return other != null
                && orderId.equals(other.orderId)
                && purchasedAt == other.purchasedAt
                && netCents == other.netCents
                && Arrays.equals(categories, other.categories)
                && java.util.Objects.equals(primaryCategory, other.primaryCategory)
                && java.util.Objects.equals(channel, other.channel)
                && java.util.Objects.equals(region, other.region)
                && java.util.Objects.equals(campaignId, other.campaignId)
                && java.util.Objects.equals(couponId, other.couponId);
    }

    /**
     * The purchases that one of two sequences holds and the other does not, matched by identity:
     * what a change replaced, added or removed, when the sequence after it holds the very purchases
     * of the sequence before that the change left alone.
     */
    public static List<Purchase> inOneOnly(List<Purchase> before, List<Purchase> after) {
        Set<Purchase> onlyBefore = Collections.newSetFromMap(new IdentityHashMap<>());
        onlyBefore.addAll(before);
        List<Purchase> changed = new ArrayList<>(2);
        for (Purchase p : after) {
            if (!onlyBefore.remove(p)) {
                changed.add(p);
            }
        }
        changed.addAll(onlyBefore);
        return changed;
    }

    /** The categories of the purchases. */
    public static Set<String> categoriesOf(List<Purchase> purchases) {
        Set<String> categories = new HashSet<>();
        for (Purchase p : purchases) {
            categories.addAll(Arrays.asList(p.categories));
        }
        return categories;
    }

    public boolean hasCategory(String category) {
        return Arrays.binarySearch(categories, category) >= 0;
    }
}
