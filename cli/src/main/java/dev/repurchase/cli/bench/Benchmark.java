package dev.repurchase.cli.bench;

import dev.repurchase.cli.replay.DebeziumChangeFeed;
import dev.repurchase.jobs.config.PipelineOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;

/** Runs the phases of a {@link BenchPlan}, printing each figure as it comes. */
final class Benchmark {

    private final BenchPlan plan;
    private final BenchDatabase database;
    private final JfrProfile profile;
    private final PrintStream out;

    Benchmark(BenchPlan plan, BenchDatabase database, JfrProfile profile, PrintStream out) {
        this.plan = plan;
        this.database = database;
        this.profile = profile;
        this.out = out;
    }

    void run(BenchResults results) throws Exception {
        try (BenchKafka kafka = BenchKafka.start()) {
            for (BenchPlan.Size size : plan.sizes()) {
                runSize(kafka, size, results);
            }
        }
    }

    /** The prediction refit alone (standalone, {@link RefitCost}) at every size of the plan. */
    void runRefits(BenchResults results) throws InterruptedException {
        for (BenchPlan.Size size : plan.refitSizes()) {
            refit(size, results);
        }
    }

    private void refit(BenchPlan.Size size, BenchResults results) throws InterruptedException {
        quiet();
        RefitCost.Figures refit = RefitCost.measure(size.customers(), 16);
        results.refits.add(refit);
        out.printf(
                "prediction refit at %,d customers (standalone): first fit %.2f s CPU (%.2f s"
                        + " wall), refit %.2f s CPU (%.2f s wall), predictions of every customer"
                        + " %.2f s CPU (%.2f s wall); %,d (x, t_x, first day) and %,d (x, spend)"
                        + " counts, %.1f B per customer; fitted %s (drawn from %s)%n",
                refit.customers(),
                refit.firstFit().cpuSeconds(),
                refit.firstFit().wallSeconds(),
                refit.refit().cpuSeconds(),
                refit.refit().wallSeconds(),
                refit.predictions().cpuSeconds(),
                refit.predictions().wallSeconds(),
                refit.repeatKeys(),
                refit.spendKeys(),
                refit.bytesPerCustomer(),
                refit.fitted(),
                RefitCost.TRUTH);
    }

    private void runSize(BenchKafka kafka, BenchPlan.Size size, BenchResults results)
            throws Exception {
        out.printf(
                "%n== %s: %,d customers over %d days ==%n",
                size.name(), size.customers(), size.span().toDays());
        BenchShop shop = BenchShop.generate(size.name(), size.customers(), size.span());
        out.printf(
                "generated %,d orders, %,d lines of %,d customers in %.1f s%n",
                shop.orders(),
                shop.history.items().size(),
                shop.customers(),
                shop.generation.toMillis() / 1000.0);

        if (results.decode == null) {
            List<byte[]> sample = shop.sampleMessages(plan.decodeSample());
            quiet();
            DecodeCeiling.Figures decode =
                    DecodeCeiling.measure(
                            sample, plan.decodeWarmUp(), plan.decodeMaxWarmUp(), plan.decodeTime());
            results.decode = decode;
            out.printf(
                    "decode ceiling: %,.0f events/s per core (one thread, per CPU second, median of"
                            + " %d rounds of 0.5 s; quartiles %,.0f..%,.0f, spread %.0f%% of the"
                            + " median; best %,.0f; per wall second %,.0f; %.0f MB/s; warm-up"
                            + " %.0f s; other processes %.2f cores;"
                            + " %,d messages sampled, mean %d B, median %d B, %d..%d B; %d dead"
                            + " letters)%n",
                    decode.eventsPerSecond(),
                    decode.rounds(),
                    decode.lowerQuartile(),
                    decode.upperQuartile(),
                    100 * decode.spread(),
                    decode.bestEventsPerSecond(),
                    decode.wallEventsPerSecond(),
                    decode.megabytesPerSecond(),
                    decode.warmUp().toMillis() / 1000.0,
                    decode.foreignCores(),
                    decode.sample(),
                    decode.meanBytes(),
                    decode.medianBytes(),
                    decode.minBytes(),
                    decode.maxBytes(),
                    decode.deadLetters());
        }

        DebeziumChangeFeed.Topics topics = kafka.createInputTopics("bench-" + size.name(), 2);
        PublishedFeed feed = PublishedFeed.publish(shop, kafka.bootstrapServers(), topics, 2);
        out.printf(
                "published %,d change events (%,.0f MB, mean %d B) in %.1f s: %s%n",
                feed.events,
                feed.bytes / 1e6,
                feed.bytes / Math.max(1, feed.events),
                feed.took.toMillis() / 1000.0,
                feed.eventsPerTopic);

        List<PipelineRun.Figures> runs = new ArrayList<>();
        boolean profileThis = profile != null && size.equals(plan.headline());
        LocalFlink.JobDefinition job = LocalFlink.repurchaseJob(true);
        if (results.sizes.isEmpty()) {
            // The first job in this JVM runs partly interpreted: a run of the same job before it
            // lets the JIT compile what every timed run uses.
            out.println("warm-up run (parallelism 2, not counted)...");
            PipelineRun.run(
                    kafka,
                    database,
                    feed,
                    job,
                    size.name() + " warm-up",
                    2,
                    plan.checkpointInterval(),
                    plan.jobOptions(),
                    null);
        }
        runs.add(pipeline(kafka, feed, size, job, 2, profileThis ? profile : null));
        if (size.equals(plan.scaling())) {
            runs.add(pipeline(kafka, feed, size, job, 1, null));
        }
        PipelineRun.Figures floor = null;
        if (size.equals(plan.headline())) {
            out.println("floor (source, decoder, one state read and write per event):");
            floor = pipeline(kafka, feed, size, FloorJob::build, 2, null);
        }
        kafka.deleteInputTopics(topics);

        BatchBaseline.Figures batch = null;
        if (plan.runsBatch(size)) {
            out.println("batch SQL on PostgreSQL...");
            quiet();
            batch = BatchBaseline.run(database, shop.history);
            out.printf(
                    "  %,d orders loaded in %.1f s, computed in %.1f s (%.1f µs per order, %.2f"
                            + " busy cores, other processes %.2f), %,d metric_period rows%n",
                    batch.orders(),
                    batch.load().toMillis() / 1000.0,
                    batch.compute().toMillis() / 1000.0,
                    batch.computeMicrosPerOrder(),
                    batch.machineCores(),
                    batch.foreignCores(),
                    batch.metricRows());
        }
        if (plan.refitSizes().contains(size)) {
            refit(size, results);
        }

        BenchResults.SizeFigures figures =
                new BenchResults.SizeFigures(
                        size,
                        shop.customers(),
                        shop.orders(),
                        shop.history.items().size(),
                        feed.events,
                        feed.bytes,
                        shop.generation.toMillis() / 1000.0,
                        feed.took.toMillis() / 1000.0,
                        runs,
                        floor,
                        batch);
        results.sizes.add(figures);

        if (size.equals(plan.live())) {
            double rate = figures.run(2).eventsPerSecond() / 2;
            BenchShop live = liveShop(shop, feed.events, rate);
            for (CheckpointingMode mode :
                    List.of(CheckpointingMode.AT_LEAST_ONCE, CheckpointingMode.EXACTLY_ONCE)) {
                out.printf(
                        "live from %,.0f events/s (half the replay's maximum), %s: warm-up %d"
                                + " s, window %d s...%n",
                        rate,
                        mode,
                        plan.latencyWarmUp().toSeconds(),
                        plan.latencyWindow().toSeconds());
                quiet();
                LatencyRun.Figures latency =
                        LatencyRun.run(
                                kafka,
                                database,
                                live,
                                mode,
                                rate,
                                plan.latencyWarmUp(),
                                plan.latencyWindow(),
                                plan.markersPerSecond(),
                                plan.checkpointInterval(),
                                plan.jobOptions());
                results.latency.add(latency);
                out.printf(
                        "  %s at %,.0f events/s, half the live maximum %,.0f (achieved %,.0f events/s,"
                                + " %.2f busy cores, other processes %.2f; %s):%n"
                                + "    metric row  from commit: %s%s%n"
                                + "    trigger from the commit that made it due: %s%s%n"
                                + "    trigger from its due time: %s%n",
                        latency.mode(),
                        latency.targetRate(),
                        latency.liveMaximum(),
                        latency.achievedRate(),
                        latency.machineCores(),
                        latency.foreignCores(),
                        latency.keptUp()
                                ? "kept up"
                                : "FELL BEHIND: latencies grow with the backlog",
                        latency.metricRow(),
                        latency.metricMissing() > 0
                                ? " (" + latency.metricMissing() + " not seen)"
                                : "",
                        latency.triggerFromCause(),
                        latency.triggerMissing() > 0
                                ? " (" + latency.triggerMissing() + " not seen)"
                                : "",
                        latency.triggerFromDue());
            }
        }
    }

    /**
     * The shop whose feed lasts a latency run at {@code rate}: this one, or a larger one of the
     * same kind (more customers over the same span) if its {@code events} would run out.
     */
    private BenchShop liveShop(BenchShop shop, long events, double rate) {
        long needed =
                LatencyRun.mostEvents(
                        rate,
                        plan.latencyWarmUp(),
                        plan.latencyWindow(),
                        plan.checkpointInterval(),
                        Configuration.fromMap(plan.jobOptions())
                                .get(PipelineOptions.WATERMARK_OUT_OF_ORDERNESS));
        if (needed <= events) {
            return shop;
        }
        // 10 % more than the events needed: a shop's events per customer vary with the seed.
        int customers = (int) Math.ceil(shop.profile.customers() * 1.1 * needed / events);
        BenchShop larger =
                BenchShop.generate(shop.name + "-live", customers, shop.profile.duration());
        out.printf(
                "live shop: %,d customers (%,d events at %,.0f events/s need more than the %,d of"
                        + " the %s feed), generated in %.1f s%n",
                customers, needed, rate, events, shop.name, larger.generation.toMillis() / 1000.0);
        return larger;
    }

    /** Waits for other processes to calm down before a timed phase. */
    private void quiet() throws InterruptedException {
        Machine.awaitQuiet(plan.quietWait(), out);
    }

    private PipelineRun.Figures pipeline(
            BenchKafka kafka,
            PublishedFeed feed,
            BenchPlan.Size size,
            LocalFlink.JobDefinition job,
            int parallelism,
            JfrProfile jfr)
            throws Exception {
        out.printf("pipeline, parallelism %d%s...%n", parallelism, jfr == null ? "" : " (JFR on)");
        quiet();
        PipelineRun.Figures run =
                PipelineRun.run(
                        kafka,
                        database,
                        feed,
                        job,
                        size.name(),
                        parallelism,
                        plan.checkpointInterval(),
                        plan.jobOptions(),
                        jfr);
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(
                "  %,d events in %.1f s: %,.0f events/s, %,.0f events/s per core used"
                        + " (%.2f cores: JVM %.2f, PostgreSQL %.2f), %,.0f per machine core (%d);"
                        + " machine %.2f busy cores, other processes %.2f;"
                        + " %d checkpoints (%d failed); %s%n",
                run.events(),
                run.wall().toMillis() / 1000.0,
                run.eventsPerSecond(),
                run.eventsPerCoreUsed(),
                run.pipelineCores(),
                run.jvmCores(),
                run.postgresCores(),
                run.eventsPerSecondPerCore(cores),
                cores,
                run.machineCores(),
                run.foreignCores(),
                run.checkpointsCompleted(),
                run.checkpointsFailed(),
                run.stateBackend());
        PipelineRun.Checkpoint cp = run.lastCheckpoint();
        if (cp == null) {
            out.println("  no checkpoint completed while every task ran: no state figure");
        } else {
            out.printf(
                    "  checkpoint %d: %,.1f MB full state (%,.1f MB on disk) for %,d customers:"
                            + " %,.0f B per customer%n",
                    cp.id(),
                    cp.fullBytes() / 1e6,
                    cp.bytesOnDisk() / 1e6,
                    cp.customers(),
                    cp.bytesPerCustomer());
        }
        for (PipelineRun.Vertex v : run.vertices()) {
            out.printf(
                    "    %-60.60s in %,12d out %,12d cpu %6.1f s busy %6.1f s backpressured"
                            + " %6.1f s%n",
                    v.name(),
                    v.recordsIn(),
                    v.recordsOut(),
                    v.cpuSeconds(),
                    v.busyMillis() / 1000.0,
                    v.backPressuredMillis() / 1000.0);
        }
        out.println("  CPU: " + run.cpuSummary());
        String fits = run.predictionFits();
        if (fits != null) {
            out.println("  " + fits);
        }
        run.checkpointFailures().forEach(reason -> out.println("  failed checkpoint: " + reason));
        out.println("  rows: " + run.tableRows());
        return run;
    }
}
