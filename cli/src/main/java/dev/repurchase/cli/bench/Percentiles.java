package dev.repurchase.cli.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample of latencies in milliseconds. */
record Percentiles(int count, long p50, long p90, long p99, long max) {

    static final Percentiles NONE = new Percentiles(0, -1, -1, -1, -1);

    static Percentiles of(long[] values) {
        if (values.length == 0) {
            return NONE;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Percentiles(
                sorted.length,
                rank(sorted, 0.50),
                rank(sorted, 0.90),
                rank(sorted, 0.99),
                sorted[sorted.length - 1]);
    }

    /** The smallest value with at least {@code q} of the sample at or below it. */
    static long rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Override
    public String toString() {
        return count == 0
                ? "no samples"
                : String.format(
                        "p50 %,d ms, p90 %,d ms, p99 %,d ms, max %,d ms (n=%d)",
                        p50, p90, p99, max, count);
    }
}
