package dev.repurchase.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark run measures, and at which sizes.
 *
 * @param sizes the inputs of the pipeline runs (parallelism 2), in order
 * @param headline the size of the summary line's throughput and state figures
 * @param scaling the size that is also run at parallelism 1
 * @param batchEverySize run the batch SQL at every size, else at the scaling size only
 * @param live the shop whose traffic feeds the latency runs; its parallelism-2 throughput is the
 *     maximum whose half they run at
 * @param longHistory a shop of two years, where most orders settled ({@code ingest.settle-days}):
 *     run for its state per customer only (no batch, no refit), which the report compares with
 *     {@code shortHistory}'s
 * @param shortHistory the shop of a short span the long-history shop is compared with
 * @param jobOptions options ({@code bench --set}) set on every job the benchmark runs, over the
 *     benchmark's own
 */
record BenchPlan(
        String name,
        int decodeSample,
        Duration decodeWarmUp,
        Duration decodeMaxWarmUp,
        Duration decodeTime,
        List<Size> sizes,
        Size headline,
        Size scaling,
        Size live,
        Size longHistory,
        Size shortHistory,
        boolean batchEverySize,
        Duration checkpointInterval,
        Duration latencyWarmUp,
        Duration latencyWindow,
        double markersPerSecond,
        Duration quietWait,
        Map<String, String> jobOptions) {

    /**
     * An input size: a shop of {@code customers} over {@code span} (customers are acquired over the
     * whole span, so a shorter span means fewer events per customer).
     */
    record Size(String name, int customers, Duration span) {}

    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    /** The quick runs take seconds: a checkpoint must complete while every task runs. */
    static final Duration QUICK_CHECKPOINT_INTERVAL = Duration.ofSeconds(3);

    /** This plan, with {@code options} set on every job it runs. */
    BenchPlan withJobOptions(Map<String, String> options) {
        return new BenchPlan(
                name,
                decodeSample,
                decodeWarmUp,
                decodeMaxWarmUp,
                decodeTime,
                sizes,
                headline,
                scaling,
                live,
                longHistory,
                shortHistory,
                batchEverySize,
                checkpointInterval,
                latencyWarmUp,
                latencyWindow,
                markersPerSecond,
                quietWait,
                Map.copyOf(options));
    }

    /** The sizes the prediction refit is measured at: all but the long-history shop. */
    List<Size> refitSizes() {
        return sizes.stream().filter(size -> !size.equals(longHistory)).toList();
    }

    /** Whether the batch SQL runs at this size. */
    boolean runsBatch(Size size) {
        return size.equals(scaling) || (batchEverySize && !size.equals(longHistory));
    }

    /**
     * Small enough for a few minutes: 20,000 customers over 120 days, whose runs last long enough
     * for checkpoints while every task runs, then 10,000 customers over two years (about a minute
     * of pipeline on an idle machine) for the state of settled orders.
     */
    static BenchPlan quick() {
        Size small = new Size("20k", 20_000, Duration.ofDays(120));
        Size longHistory = new Size("10k-2y", 10_000, Duration.ofDays(730));
        return new BenchPlan(
                "quick",
                50_000,
                Duration.ofSeconds(4),
                Duration.ofSeconds(10),
                Duration.ofSeconds(3),
                List.of(small, longHistory),
                small,
                small,
                small,
                longHistory,
                small,
                true,
                QUICK_CHECKPOINT_INTERVAL,
                Duration.ofSeconds(4),
                Duration.ofSeconds(10),
                10,
                Duration.ofSeconds(3),
                Map.of());
    }

    /**
     * 100,000 customers over 90 days (parallelism 1 and 2, latency, batch), then 1,000,000
     * customers over two weeks (the headline), with {@code tenMillion} 10,000,000 over a week, and
     * last 100,000 customers over two years (the long history).
     */
    static BenchPlan full(boolean tenMillion) {
        Size hundredThousand = new Size("100k", 100_000, Duration.ofDays(90));
        Size million = new Size("1M", 1_000_000, Duration.ofDays(14));
        Size longHistory = new Size("100k-2y", 100_000, Duration.ofDays(730));
        List<Size> sizes = new ArrayList<>(List.of(hundredThousand, million));
        if (tenMillion) {
            sizes.add(new Size("10M", 10_000_000, Duration.ofDays(7)));
        }
        sizes.add(longHistory);
        return new BenchPlan(
                "full",
                100_000,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                List.copyOf(sizes),
                million,
                hundredThousand,
                hundredThousand,
                longHistory,
                hundredThousand,
                false,
                CHECKPOINT_INTERVAL,
                Duration.ofSeconds(15),
                Duration.ofSeconds(45),
                5,
                Duration.ofSeconds(30),
                Map.of());
    }
}
