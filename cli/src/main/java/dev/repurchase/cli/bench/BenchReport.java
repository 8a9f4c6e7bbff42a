package dev.repurchase.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** Appends a run's figures to the benchmark file as a markdown section. */
final class BenchReport {

    static final String HEADER =
            "# Benchmarks\n\n"
                    + "Figures of `java -jar cli/target/repurchase.jar bench [--quick]`; each run"
                    + " appends a section below.\n";

    /** Profile rows below this share of the samples are left out. */
    private static final double MIN_SHARE = 0.005;

    private BenchReport() {}

    static void append(Path file, BenchResults r, ZonedDateTime when) throws IOException {
        if (!Files.exists(file)) {
            Files.writeString(file, HEADER, StandardCharsets.UTF_8);
        }
        Files.writeString(
                file, "\n" + section(r, when), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    static String section(BenchResults r, ZonedDateTime when) {
        StringBuilder md = new StringBuilder();
        int cores = r.machine.cores();
        md.append(
                String.format(
                        "## Run %s (%s)%n%n",
                        when.withZoneSameInstant(ZoneOffset.UTC)
                                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                        r.plan.name()));
        md.append("- command: `").append(r.command).append("`\n");
        md.append("- machine: ").append(r.machine.summary()).append('\n');
        md.append("- sink database: ").append(r.database).append('\n');
        md.append(
                String.format(
                        "- job: Flink 1.20 MiniCluster in the same JVM as the Kafka broker"
                                + " (KRaft, 2 partitions per topic), RocksDB with incremental"
                                + " checkpoints every %d s to local disk, %s managed memory,"
                                + " sinks to PostgreSQL (JDBC) and Kafka (transactional)%n",
                        r.plan.checkpointInterval().toSeconds(), LocalFlink.MANAGED_MEMORY));
        for (String note : r.notes) {
            md.append("- ").append(note).append('\n');
        }
        md.append("\n```\n").append(r.lastLine()).append("\n```\n\n");

        DecodeCeiling.Figures d = r.decode;
        if (d != null) {
            md.append("### Decode ceiling\n\n");
            md.append(
                    String.format(
                            Locale.ROOT,
                            "`CdcDeserializer` alone, one thread, %,d Debezium messages sampled"
                                    + " evenly from the first size's feed (mean %d B, median %d"
                                    + " B, %d..%d B), %.1f s timed after %.0f s warm-up (until"
                                    + " stable): **%,.0f events/s per core** (per second of the"
                                    + " thread's CPU time, median of %d rounds of 0.5 s; quartiles"
                                    + " %,.0f..%,.0f, a spread of %.0f%% of the median; best %,.0f; per"
                                    + " wall second %,.0f with other processes using %.2f cores;"
                                    + " %.0f MB/s).%n%n",
                            d.sample(),
                            d.meanBytes(),
                            d.medianBytes(),
                            d.minBytes(),
                            d.maxBytes(),
                            d.measured().toMillis() / 1000.0,
                            d.warmUp().toMillis() / 1000.0,
                            d.eventsPerSecond(),
                            d.rounds(),
                            d.lowerQuartile(),
                            d.upperQuartile(),
                            100 * d.spread(),
                            d.bestEventsPerSecond(),
                            d.wallEventsPerSecond(),
                            d.foreignCores(),
                            d.megabytesPerSecond()));
        }

        if (!r.sizes.isEmpty()) {
            pipeline(md, r, d, cores);
        }
        if (!r.refits.isEmpty()) {
            md.append("\n### Prediction refit\n\n");
            md.append(
                    "Standalone (`RefitCost`): a population drawn from BG/NBD with CDNOW's"
                            + " parameters over a year, its counts as the prediction fit keeps"
                            + " them; a first fit from unit parameters, a refit from the previous"
                            + " fit, and the predictions of every customer under the new model"
                            + " (the customer operator's recompute without its state reads and"
                            + " profile rows). Seconds of the thread's CPU (wall).\n\n");
            md.append(
                    "| customers | (x, t_x, first day) counts | (x, spend) counts | raw B/customer |"
                            + " first fit s | refit s | predictions s |\n"
                            + "|---:|---:|---:|---:|---:|---:|---:|\n");
            for (RefitCost.Figures f : r.refits) {
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %,d | %,d | %,d | %.1f | %.2f (%.2f) | %.2f (%.2f) | %.2f"
                                        + " (%.2f) |%n",
                                f.customers(),
                                f.repeatKeys(),
                                f.spendKeys(),
                                f.bytesPerCustomer(),
                                f.firstFit().cpuSeconds(),
                                f.firstFit().wallSeconds(),
                                f.refit().cpuSeconds(),
                                f.refit().wallSeconds(),
                                f.predictions().cpuSeconds(),
                                f.predictions().wallSeconds()));
            }
            if (!r.sizes.isEmpty()) {
                md.append("\nIn the pipeline runs (parallelism 2):\n\n");
            }
            for (BenchResults.SizeFigures s : r.sizes) {
                PipelineRun.Figures run = s.run(2);
                String fits = run == null ? null : run.predictionFits();
                if (fits != null) {
                    md.append("- ").append(s.size().name()).append(": ").append(fits).append('\n');
                }
            }
        }

        if (r.profile != null) {
            JfrProfile.Summary p = r.profile;
            md.append("\n### JFR profile of the headline run\n\n");
            md.append(
                    String.format(
                            "`%s`: %,d Java samples, %,d RocksDB native samples.%n%n",
                            p.file(), p.javaSamples(), p.rocksDbNativeSamples()));
            md.append(
                    "| area (innermost frame that says it) | samples | share |\n|---|---:|---:|\n");
            long total = p.javaSamples() + p.rocksDbNativeSamples();
            for (Map.Entry<String, Long> e : p.areas()) {
                if (e.getValue() < MIN_SHARE * total) {
                    continue;
                }
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %,d | %.1f%% |%n",
                                e.getKey(),
                                e.getValue(),
                                100.0 * e.getValue() / Math.max(1, total)));
            }
            md.append(
                    "\n| part of the job (outermost own operator on the stack, else thread) |"
                            + " samples | share |\n|---|---:|---:|\n");
            for (Map.Entry<String, Long> e : p.operators()) {
                if (e.getValue() < MIN_SHARE * total) {
                    continue;
                }
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %,d | %.1f%% |%n",
                                e.getKey(),
                                e.getValue(),
                                100.0 * e.getValue() / Math.max(1, total)));
            }
            md.append("\nRows under 0.5 % of the samples are left out.\n");
            md.append("\n| top methods (self) | samples |\n|---|---:|\n");
            for (Map.Entry<String, Long> e : p.selfTop()) {
                md.append(String.format("| `%s` | %,d |%n", e.getKey(), e.getValue()));
            }
        }
        return md.toString();
    }

    /**
     * The sections of the pipeline runs: throughput, floor, state, time, scaling, latency, batch.
     */
    private static void pipeline(
            StringBuilder md, BenchResults r, DecodeCeiling.Figures d, int cores) {
        md.append("### Whole pipeline (bounded, exactly-once checkpoints)\n\n");
        md.append(
                "| size | customers | orders | events | MB | publish s | parallelism | job s |"
                        + " events/s | cores used (JVM + PostgreSQL) | **events/s per core used**"
                        + " | of ceiling | events/s per machine core | other processes' cores |"
                        + " checkpoints |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchResults.SizeFigures s : r.sizes) {
            for (PipelineRun.Figures run : s.runs()) {
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %,d | %,d | %,d | %,.0f | %.1f | %d | %.1f | %,.0f |"
                                        + " %.2f (%.2f + %.2f) | **%,.0f** | %.3f | %,.0f | %.2f |"
                                        + " %d (%d failed) |%n",
                                s.size().name(),
                                s.customers(),
                                s.orders(),
                                s.events(),
                                s.bytes() / 1e6,
                                s.publishSeconds(),
                                run.parallelism(),
                                run.wall().toMillis() / 1000.0,
                                run.eventsPerSecond(),
                                run.pipelineCores(),
                                run.jvmCores(),
                                run.postgresCores(),
                                run.eventsPerCoreUsed(),
                                d == null
                                        ? Double.NaN
                                        : run.eventsPerCoreUsed() / d.eventsPerSecond(),
                                run.eventsPerSecondPerCore(cores),
                                run.foreignCores(),
                                run.checkpointsCompleted(),
                                run.checkpointsFailed()));
            }
        }
        md.append(
                "\nevents/s per core used = events / (job wall seconds × cores the pipeline used),"
                        + " the cores being this JVM's (Kafka broker, MiniCluster, harness) and"
                        + " PostgreSQL's CPU time over the job (/proc); per machine core = events /"
                        + " (wall × "
                        + cores
                        + "). Other processes on the machine stretch the wall time, not the CPU"
                        + " time per event.\n\n");

        BenchResults.SizeFigures floored = r.size(r.plan.headline());
        if (floored != null && floored.floor() != null && floored.run(2) != null) {
            PipelineRun.Figures floor = floored.floor();
            md.append("### Floor: what any job of this input pays\n\n");
            md.append(
                    String.format(
                            Locale.ROOT,
                            "`FloorJob` over the %s feed: the pipeline's own source and decoder, one"
                                    + " shuffle by order and one RocksDB read and write per event,"
                                    + " the same checkpoints, nothing after. Parallelism %d, %.1f s,"
                                    + " %.2f cores used (other processes %.2f): **%,.0f events/s per"
                                    + " core used**, %.3f of the decode ceiling. The real job"
                                    + " reaches **%.2f of this floor**.%n%n",
                            floored.size().name(),
                            floor.parallelism(),
                            floor.wall().toMillis() / 1000.0,
                            floor.pipelineCores(),
                            floor.foreignCores(),
                            floor.eventsPerCoreUsed(),
                            d == null
                                    ? Double.NaN
                                    : floor.eventsPerCoreUsed() / d.eventsPerSecond(),
                            floored.run(2).eventsPerCoreUsed() / floor.eventsPerCoreUsed()));
        }

        md.append("### RocksDB state per customer\n\n");
        md.append(
                "Last checkpoint that completed while every task ran: full state size (incremental"
                        + " checkpoint, all referenced files) / distinct customers in the orders"
                        + " messages before the offsets it committed. Orders per customer: the whole"
                        + " shop's orders over its customers.\n\n");
        md.append(
                "| size | days | orders per customer | parallelism | checkpoint | customers | full"
                        + " state MB | B/customer | per vertex (B/customer) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (BenchResults.SizeFigures s : r.sizes) {
            for (PipelineRun.Figures run : s.runs()) {
                PipelineRun.Checkpoint cp = run.lastCheckpoint();
                if (cp == null) {
                    md.append(
                            String.format(
                                    Locale.ROOT,
                                    "| %s | %d | %.1f | %d | none while all tasks ran | | | | |%n",
                                    s.size().name(),
                                    s.size().span().toDays(),
                                    s.ordersPerCustomer(),
                                    run.parallelism()));
                    continue;
                }
                StringBuilder perVertex = new StringBuilder();
                for (Map.Entry<String, Long> v : cp.bytesPerVertex().entrySet()) {
                    if (v.getValue() < cp.customers()) {
                        continue; // under 1 B per customer
                    }
                    if (perVertex.length() > 0) {
                        perVertex.append("; ");
                    }
                    perVertex.append(
                            String.format(
                                    Locale.ROOT,
                                    "%s %.0f",
                                    shortName(v.getKey()),
                                    (double) v.getValue() / Math.max(1, cp.customers())));
                }
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %d | %.1f | %d | %d | %,d | %,.1f | %,.0f | %s |%n",
                                s.size().name(),
                                s.size().span().toDays(),
                                s.ordersPerCustomer(),
                                run.parallelism(),
                                cp.id(),
                                cp.customers(),
                                cp.fullBytes() / 1e6,
                                cp.bytesPerCustomer(),
                                perVertex));
            }
        }
        history(md, r);

        md.append("\n### Where the time goes (headline run, busy time per vertex)\n\n");
        BenchResults.SizeFigures headline = r.size(r.plan.headline());
        if (headline != null && headline.run(2) != null) {
            PipelineRun.Figures run = headline.run(2);
            md.append(
                    "| vertex (operator chain) | records in | records out | CPU s | busy s |"
                            + " backpressured s |\n|---|---:|---:|---:|---:|---:|\n");
            for (PipelineRun.Vertex v : run.vertices()) {
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %,d | %,d | %.1f | %.1f | %.1f |%n",
                                v.name().replace("|", "/"),
                                v.recordsIn(),
                                v.recordsOut(),
                                v.cpuSeconds(),
                                v.busyMillis() / 1000.0,
                                v.backPressuredMillis() / 1000.0));
            }
            md.append(
                            "\nCPU s: the CPU time of the vertex's task threads (sampled every 100 ms); busy"
                                    + " s includes waiting for a core. This JVM's CPU time: ")
                    .append(run.cpuSummary())
                    .append(
                            " (other Java threads: the Kafka broker, Flink's runtime, the harness).\n");
            md.append("\nrows written: ").append(run.tableRows()).append("\n");
        }

        BenchResults.SizeFigures scaling = r.size(r.plan.scaling());
        if (scaling != null && scaling.run(1) != null && scaling.run(2) != null) {
            md.append("\n### Parallelism 1 vs 2\n\n");
            PipelineRun.Figures one = scaling.run(1);
            PipelineRun.Figures two = scaling.run(2);
            md.append(
                    String.format(
                            Locale.ROOT,
                            "Same input (%s, %,d events): parallelism 1 %,.0f events/s on %.2f"
                                    + " cores used (other processes %.2f), parallelism 2 %,.0f"
                                    + " events/s on %.2f cores used (other processes %.2f):"
                                    + " **throughput ratio %.2f**; events per core used %,.0f vs"
                                    + " %,.0f (ratio %.2f).%n",
                            scaling.size().name(),
                            scaling.events(),
                            one.eventsPerSecond(),
                            one.pipelineCores(),
                            one.foreignCores(),
                            two.eventsPerSecond(),
                            two.pipelineCores(),
                            two.foreignCores(),
                            two.eventsPerSecond() / one.eventsPerSecond(),
                            one.eventsPerCoreUsed(),
                            two.eventsPerCoreUsed(),
                            two.eventsPerCoreUsed() / one.eventsPerCoreUsed()));
        }

        if (!r.latency.isEmpty()) {
            md.append("\n### Latency at half the maximum throughput\n\n");
            md.append(
                    "| mode | live maximum | rate (target / achieved) | kept up | machine busy cores"
                            + " (other processes) | metric row from commit | trigger from the commit"
                            + " that made it due | trigger from due time |\n"
                            + "|---|---:|---|---|---:|---|---|---|\n");
            for (LatencyRun.Figures l : r.latency) {
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %,.0f events/s | %,.0f / %,.0f events/s | %s | %.2f (%.2f) |"
                                        + " %s%s | %s%s | %s |%n",
                                l.mode(),
                                l.liveMaximum(),
                                l.targetRate(),
                                l.achievedRate(),
                                l.keptUp() ? "yes" : "**no**: fell behind",
                                l.machineCores(),
                                l.foreignCores(),
                                l.metricRow(),
                                l.metricMissing() > 0 ? ", " + l.metricMissing() + " missing" : "",
                                l.triggerFromCause(),
                                l.triggerMissing() > 0
                                        ? ", " + l.triggerMissing() + " missing"
                                        : "",
                                l.triggerFromDue()));
            }
            md.append(
                    String.format(
                            "%nLive maximum: the rate at which the machine (job, broker and feeder"
                                    + " together) would be saturated, extrapolated from its load"
                                    + " while warming up at half the replay's throughput; the window"
                                    + " runs at half of it. Window %d s after a %d s warm-up (twice"
                                    + " if the rate was lowered), %s markers of each kind per"
                                    + " second; method in the section \"Method\" at the top.%n",
                            r.plan.latencyWindow().toSeconds(),
                            r.plan.latencyWarmUp().toSeconds(),
                            r.plan.markersPerSecond()));
        }

        md.append("\n### Status quo: batch SQL on PostgreSQL\n\n");
        md.append(
                "| size | orders | load s (COPY) | compute s | µs/order (batch, wall) | machine busy"
                        + " cores (other processes) | stream: µs/order (wall) | stream: CPU µs/order"
                        + " (cores used) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchResults.SizeFigures s : r.sizes) {
            BatchBaseline.Figures b = s.batch();
            PipelineRun.Figures run = s.run(2);
            if (b == null || run == null) {
                continue;
            }
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %,d | %.1f | %.1f | %.1f | %.2f (%.2f) | %.1f | %.1f |%n",
                            s.size().name(),
                            b.orders(),
                            b.load().toMillis() / 1000.0,
                            b.compute().toMillis() / 1000.0,
                            b.computeMicrosPerOrder(),
                            b.machineCores(),
                            b.foreignCores(),
                            run.wall().toNanos() / 1e3 / s.orders(),
                            run.wall().toNanos() / 1e3 * run.pipelineCores() / s.orders()));
        }
    }

    /**
     * The long-history shop against the short one (parallelism 2): how state per customer grows
     * with the orders per customer. Settled orders keep little, so on the long history the state
     * per customer should grow far less than the orders per customer.
     */
    private static void history(StringBuilder md, BenchResults r) {
        BenchResults.SizeFigures longShop = r.size(r.plan.longHistory());
        BenchResults.SizeFigures shortShop = r.size(r.plan.shortHistory());
        PipelineRun.Checkpoint longCp = lastCheckpoint(longShop);
        PipelineRun.Checkpoint shortCp = lastCheckpoint(shortShop);
        if (longCp == null || shortCp == null) {
            return;
        }
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nLong history: %s (%d days, %.1f orders per customer) keeps %,.0f B per"
                                + " customer, of which order versions %,.0f B; %s (%d days, %.1f"
                                + " orders per customer) keeps %,.0f B, of which order versions"
                                + " %,.0f B. For **%.2fx the orders per customer, state per"
                                + " customer is %.2fx** (order versions %.2fx).%n",
                        longShop.size().name(),
                        longShop.size().span().toDays(),
                        longShop.ordersPerCustomer(),
                        longCp.bytesPerCustomer(),
                        orderVersionsPerCustomer(longCp),
                        shortShop.size().name(),
                        shortShop.size().span().toDays(),
                        shortShop.ordersPerCustomer(),
                        shortCp.bytesPerCustomer(),
                        orderVersionsPerCustomer(shortCp),
                        longShop.ordersPerCustomer() / shortShop.ordersPerCustomer(),
                        longCp.bytesPerCustomer() / shortCp.bytesPerCustomer(),
                        orderVersionsPerCustomer(longCp) / orderVersionsPerCustomer(shortCp)));
    }

    private static PipelineRun.Checkpoint lastCheckpoint(BenchResults.SizeFigures size) {
        PipelineRun.Figures run = size == null ? null : size.run(2);
        return run == null ? null : run.lastCheckpoint();
    }

    /** The state of the order versions' vertex (the chain it heads) per customer. */
    private static double orderVersionsPerCustomer(PipelineRun.Checkpoint cp) {
        long bytes = 0;
        for (Map.Entry<String, Long> v : cp.bytesPerVertex().entrySet()) {
            if (v.getKey().startsWith("Order versions")) {
                bytes += v.getValue();
            }
        }
        return (double) bytes / cp.customers();
    }

    private static String shortName(String vertex) {
        String name = vertex.replace("|", "/");
        return name.length() > 40 ? name.substring(0, 40) + "…" : name;
    }
}
