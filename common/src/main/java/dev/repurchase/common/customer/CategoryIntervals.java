package dev.repurchase.common.customer;

import dev.repurchase.common.order.Purchase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The intervals a customer's purchases contribute to the learned category cycles (SPEC 4.1):
 * between consecutive valid purchases containing a category, in whole days of 24 h, those whose
 * second purchase came at most {@code horizonDays} after the first. Whether an interval has matured
 * (its first purchase at least the horizon before the time of planning) is for the learned cycles
 * to tell as event time passes; here each interval carries its start.
 */
public final class CategoryIntervals {

    private static final long DAY_MILLIS = 86_400_000L;

    /** An interval of a category, from the purchase at {@code startAt}, {@code days} long. */
    public record Interval(String category, long startAt, int days) {}

    /** A change of one interval's count: +1 when it appears, -1 when it goes. */
    public record Change(Interval interval, int delta) {}

    private CategoryIntervals() {}

    /** The intervals of {@code sequence} (valid purchases in sequence order), counted. */
    public static Map<Interval, Integer> of(List<Purchase> sequence, int horizonDays) {
        return of(sequence, horizonDays, category -> true);
    }

    /** The intervals of the categories {@code counted} takes. */
    private static Map<Interval, Integer> of(
            List<Purchase> sequence, int horizonDays, Predicate<String> counted) {
        Map<Interval, Integer> intervals = new HashMap<>();
        Map<String, Purchase> lastWithCategory = new HashMap<>();
        for (Purchase p : sequence) {
            for (String category : p.categories) {
                if (!counted.test(category)) {
                    continue;
                }
                Purchase previous = lastWithCategory.put(category, p);
                if (previous != null
                        && p.purchasedAt - previous.purchasedAt <= horizonDays * DAY_MILLIS) {
                    int days =
                            (int) Math.floorDiv(p.purchasedAt - previous.purchasedAt, DAY_MILLIS);
                    intervals.merge(
                            new Interval(category, previous.purchasedAt, days), 1, Integer::sum);
                }
            }
        }
        return intervals;
    }

    /**
     * What turns the intervals of {@code before} into those of {@code after}. Only the categories
     * of the purchases that one sequence holds and the other does not ({@link Purchase#inOneOnly})
     * are counted: every other category's purchases, and so its intervals, are the same in both.
     */
    public static List<Change> diff(List<Purchase> before, List<Purchase> after, int horizonDays) {
        Set<String> touched = Purchase.categoriesOf(Purchase.inOneOnly(before, after));
        Map<Interval, Integer> was = of(before, horizonDays, touched::contains);
        Map<Interval, Integer> now = of(after, horizonDays, touched::contains);
        List<Change> changes = new ArrayList<>();
        now.forEach(
                (interval, count) -> {
                    int delta = count - was.getOrDefault(interval, 0);
                    if (delta != 0) {
                        changes.add(new Change(interval, delta));
                    }
                });
        was.forEach(
                (interval, count) -> {
                    if (!now.containsKey(interval)) {
                        changes.add(new Change(interval, -count));
                    }
                });
        return changes;
    }
}
