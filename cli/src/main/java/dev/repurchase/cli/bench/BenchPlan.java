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
                batchEverySize,
                checkpointInterval,
                latencyWarmUp,
                latencyWindow,
                markersPerSecond,
                quietWait,
                Map.copyOf(options));
    }

    /**
     * Small enough for under three minutes: 20,000 customers over 120 days, whose runs last long
     * enough for checkpoints while every task runs.
     */
    static BenchPlan quick() {
        Size small = new Size("20k", 20_000, Duration.ofDays(120));
        return new BenchPlan(
                "quick",
                50_000,
                Duration.ofSeconds(4),
                Duration.ofSeconds(10),
                Duration.ofSeconds(3),
                List.of(small),
                small,
                small,
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
     * customers over two weeks (the headline), and with {@code tenMillion} 10,000,000 over a week.
     */
    static BenchPlan full(boolean tenMillion) {
        Size hundredThousand = new Size("100k", 100_000, Duration.ofDays(90));
        Size million = new Size("1M", 1_000_000, Duration.ofDays(14));
        List<Size> sizes = new ArrayList<>(List.of(hundredThousand, million));
        if (tenMillion) {
            sizes.add(new Size("10M", 10_000_000, Duration.ofDays(7)));
        }
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
                false,
                CHECKPOINT_INTERVAL,
                Duration.ofSeconds(15),
                Duration.ofSeconds(45),
                5,
                Duration.ofSeconds(30),
                Map.of());
    }
}
