package dev.repurchase.common.metric;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * Counts of intervals per whole number of days, encoded as a flat {@code long[]} of (days, count)
 * pairs sorted by days: compact state for a histogram table row, and the exact source of the M4
 * statistics.
 */
public final class IntervalHistogram {

    private IntervalHistogram() {}

    /** The histogram with {@code count} added to the bucket of {@code days}; no zero buckets. */
    public static long[] add(long[] pairs, int days, long count) {
        int buckets = pairs.length / 2;
        int lo = 0;
        int hi = buckets - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long d = pairs[2 * mid];
            if (d < days) {
                lo = mid + 1;
            } else if (d > days) {
                hi = mid - 1;
            } else {
                long sum = pairs[2 * mid + 1] + count;
                if (sum != 0) {
                    long[] updated = pairs.clone();
                    updated[2 * mid + 1] = sum;
                    return updated;
                }
                long[] removed = new long[pairs.length - 2];
                System.arraycopy(pairs, 0, removed, 0, 2 * mid);
                System.arraycopy(pairs, 2 * mid + 2, removed, 2 * mid, pairs.length - 2 * mid - 2);
                return removed;
            }
        }
        long[] inserted = new long[pairs.length + 2];
        System.arraycopy(pairs, 0, inserted, 0, 2 * lo);
        inserted[2 * lo] = days;
        inserted[2 * lo + 1] = count;
        System.arraycopy(pairs, 2 * lo, inserted, 2 * lo + 2, pairs.length - 2 * lo);
        return inserted;
    }

    /** The statistics of a histogram, or null if it holds no interval. */
    public static IntervalStats stats(long[] pairs) {
        long n = 0;
        long sum = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            n += pairs[i + 1];
            sum += pairs[i] * pairs[i + 1];
        }
        if (n == 0) {
            return null;
        }
        BigDecimal mean =
                BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_UP);
        return new IntervalStats(
                n,
                mean,
                nth(pairs, (n + 1) / 2),
                nth(pairs, ceilPercent(n, 25)),
                nth(pairs, ceilPercent(n, 75)),
                nth(pairs, ceilPercent(n, 90)));
    }

    /** ceil(n * percent / 100), exactly. */
    private static long ceilPercent(long n, int percent) {
        return (n * percent + 99) / 100;
    }

    /** The k-th smallest interval (1-based). */
    private static int nth(long[] pairs, long k) {
        long seen = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            seen += pairs[i + 1];
            if (seen >= k) {
                return (int) pairs[i];
            }
        }
        throw new IllegalStateException("rank " + k + " beyond " + Arrays.toString(pairs));
    }

    /** M4 statistics on whole days: mean rounded half-up to 2 places, lower median, percentiles. */
    public record IntervalStats(
            long intervals,
            BigDecimal meanDays,
            int medianDays,
            int p25Days,
            int p75Days,
            int p90Days) {}
}
