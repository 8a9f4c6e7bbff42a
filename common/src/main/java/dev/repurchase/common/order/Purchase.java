package dev.repurchase.common.order;

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
                && java.util.Arrays.equals(categories, other.categories)
                && java.util.Objects.equals(primaryCategory, other.primaryCategory)
                && java.util.Objects.equals(channel, other.channel)
                && java.util.Objects.equals(region, other.region)
                && java.util.Objects.equals(campaignId, other.campaignId)
                && java.util.Objects.equals(couponId, other.couponId);
    }

    public boolean hasCategory(String category) {
        return java.util.Arrays.binarySearch(categories, category) >= 0;
    }
}
