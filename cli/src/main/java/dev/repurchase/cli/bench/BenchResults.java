package dev.repurchase.cli.bench;

import java.util.ArrayList;
import java.util.List;

/** Everything one benchmark run measured, filled in phase by phase. */
final class BenchResults {

    /**
     * One input size: its data, its pipeline runs, the {@link FloorJob} run (headline size only,
     * else null) and its batch baseline.
     */
    record SizeFigures(
            BenchPlan.Size size,
            int customers,
            int orders,
            int items,
            long events,
            long bytes,
            double generationSeconds,
            double publishSeconds,
            List<PipelineRun.Figures> runs,
            PipelineRun.Figures floor,
            BatchBaseline.Figures batch) {

        /** Orders of the whole shop per customer with an order. */
        double ordersPerCustomer() {
            return (double) orders / Math.max(1, customers);
        }

        PipelineRun.Figures run(int parallelism) {
            return runs.stream()
                    .filter(r -> r.parallelism() == parallelism)
                    .findFirst()
                    .orElse(null);
        }
    }

    final BenchPlan plan;
    final Machine machine;
    final String database;
    final String command;
    DecodeCeiling.Figures decode;
    final List<SizeFigures> sizes = new ArrayList<>();
    final List<LatencyRun.Figures> latency = new ArrayList<>();
    final List<RefitCost.Figures> refits = new ArrayList<>();
    JfrProfile.Summary profile;
    final List<String> notes = new ArrayList<>();

    BenchResults(BenchPlan plan, Machine machine, String database, String command) {
        this.plan = plan;
        this.machine = machine;
        this.database = database;
        this.command = command;
    }

    SizeFigures size(BenchPlan.Size size) {
        return sizes.stream().filter(s -> s.size().equals(size)).findFirst().orElse(null);
    }

    /** Events per second per core used of the headline run (parallelism 2). */
    double headlineEventsPerCore() {
        SizeFigures headline = size(plan.headline());
        PipelineRun.Figures run = headline == null ? null : headline.run(2);
        return run == null ? Double.NaN : run.eventsPerCoreUsed();
    }

    double headlineBytesPerCustomer() {
        SizeFigures headline = size(plan.headline());
        PipelineRun.Figures run = headline == null ? null : headline.run(2);
        return run == null || run.lastCheckpoint() == null
                ? Double.NaN
                : run.lastCheckpoint().bytesPerCustomer();
    }

    LatencyRun.Figures latency(String mode) {
        return latency.stream().filter(l -> l.mode().equals(mode)).findFirst().orElse(null);
    }

    /**
     * The last line the command prints: {@link #summaryLine}, or without pipeline runs the refit's.
     */
    String lastLine() {
        return sizes.isEmpty() && !refits.isEmpty() ? refitSummaryLine() : summaryLine();
    }

    /** The last line of {@code bench --refit-only}: the largest size's refit. */
    private String refitSummaryLine() {
        RefitCost.Figures largest = refits.get(refits.size() - 1);
        return String.format(
                java.util.Locale.ROOT,
                "bench: prediction refit of %d customers %.2f s CPU (%.2f s wall), %.1f B"
                        + " state/customer",
                largest.customers(),
                largest.refit().cpuSeconds(),
                largest.refit().wallSeconds(),
                largest.bytesPerCustomer());
    }

    /** The summary of a run with the pipeline. */
    String summaryLine() {
        double perCore = headlineEventsPerCore();
        double ofCeiling = decode == null ? Double.NaN : perCore / decode.eventsPerSecond();
        LatencyRun.Figures atLeastOnce = latency("at-least-once");
        long p99 =
                atLeastOnce == null || atLeastOnce.triggerFromCause().count() == 0
                        ? -1
                        : atLeastOnce.triggerFromCause().p99();
        return String.format(
                java.util.Locale.ROOT,
                "bench: %.0f events/s/core, %.3f of decode ceiling, %.0f B state/customer, p99"
                        + " trigger %d ms",
                perCore,
                ofCeiling,
                headlineBytesPerCustomer(),
                p99);
    }
}
