package dev.repurchase.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary line and the markdown section of a run, from made-up figures. */
class BenchReportTest {

    private static final Machine MACHINE =
            new Machine(2, 24L << 30, "Test CPU", "OpenJDK 17", "Linux");

    @TempDir Path dir;

    @Test
    void summaryLineHasTheHeadlineFigures() {
        BenchResults results = results();

        assertThat(results.summaryLine())
                .isEqualTo(
                        "bench: 5000 events/s/core, 0.050 of decode ceiling, 2000 B"
                                + " state/customer, p99 trigger 800 ms");
    }

    @Test
    void aRunIsAppendedAsASectionWithCommandMachineAndFigures() throws Exception {
        Path file = dir.resolve("BENCHMARKS.md");
        BenchResults results = results();

        BenchReport.append(file, results, ZonedDateTime.parse("2026-11-26T10:00:00Z"));
        BenchReport.append(file, results, ZonedDateTime.parse("2026-11-26T11:00:00Z"));

        String md = Files.readString(file);
        assertThat(md).startsWith("# Benchmarks");
        assertThat(md).contains("## Run 2026-11-26 10:00 UTC (quick)");
        assertThat(md).contains("## Run 2026-11-26 11:00 UTC (quick)");
        assertThat(md).contains("- command: `java -jar repurchase.jar bench --quick`");
        assertThat(md).contains("2 cores (Test CPU)");
        assertThat(md).contains(results.summaryLine());
        assertThat(md).contains("throughput ratio 1.50");
        // floor: 320,000 events in 10 s on 2 cores against the real run's 32 s on 2 cores
        assertThat(md)
                .contains(
                        "**16,000 events/s per core used**, 0.160 of the decode ceiling. The real"
                                + " job reaches **0.31 of this floor**.");
        assertThat(md)
                .contains("| at-least-once | 10,000 events/s | 5,000 / 4,990 events/s | yes |");
        assertThat(md)
                .contains(
                        "median of 6 rounds of 0.5 s; quartiles 95,000..105,000, a spread of 10% of the median");
        // the JVM used 1.6 cores for 32 s: 51.2 s, of which the task 12.5 s and 7.5 s beside
        assertThat(md).contains("| Order versions | 1 | 1 | 12.5 | 0.0 | 0.0 |");
        assertThat(md).contains("task threads 12.5 s, ").contains(", the rest of the JVM 31.2 s");
        assertThat(md).contains("other Java threads 4.0 s").contains("GC 2.0 s");
    }

    @Test
    void theRefitIsReportedStandaloneAndFromThePipeline() {
        BenchResults results = results();
        results.refits.add(
                new RefitCost.Figures(
                        1_000_000,
                        150_000,
                        50_000,
                        new RefitCost.Cost(2.0, 2.5),
                        new RefitCost.Cost(1.5, 3.0),
                        new RefitCost.Cost(0.8, 0.9),
                        RefitCost.TRUTH));
        PipelineRun.Checkpoint checkpoint =
                new PipelineRun.Checkpoint(
                        3,
                        20_000_000,
                        1_000_000,
                        20_000_000,
                        10_000,
                        Map.of("Prediction fit -> Prediction models", 50_000L));
        PipelineRun.Vertex fit =
                new PipelineRun.Vertex(
                        "Prediction fit -> Prediction models", 1, 7_000, 18, 1, 0, 0, 9.0);
        results.sizes.set(
                0,
                new BenchResults.SizeFigures(
                        BenchPlan.quick().headline(),
                        10_000,
                        50_000,
                        70_000,
                        320_000,
                        300_000_000,
                        1,
                        4,
                        List.of(run(2, Duration.ofSeconds(32), checkpoint, fit)),
                        null,
                        null));

        String md = BenchReport.section(results, ZonedDateTime.parse("2026-11-26T10:00:00Z"));

        // (150,000 + 50,000) counts of 16 B over 1,000,000 customers
        assertThat(md)
                .contains("| 1,000,000 | 150,000 | 50,000 | 3.2 | 2.00 (2.50) | 1.50 (3.00) |");
        // 9 s of CPU over 18 models; 50,000 B of the fit over 10,000 customers
        assertThat(md)
                .contains(
                        "- 20k: prediction fit: 18 models, 9.0 s CPU of its vertex, 0.50 s per"
                                + " model, its state 5.0 B per customer");
    }

    @Test
    void theLongHistoryShopIsComparedWithTheShortOneByOrdersPerCustomer() {
        BenchResults results = results();
        BenchPlan plan = results.plan;
        // short: 50,000 orders of 10,000 customers; 20 MB, of which order versions 10 MB
        results.sizes.set(0, shop(plan.shortHistory(), 50_000, 20_000_000, 10_000_000));
        // long: 200,000 orders of 10,000 customers; 30 MB, of which order versions 5 MB
        results.sizes.add(shop(plan.longHistory(), 200_000, 30_000_000, 5_000_000));

        String md = BenchReport.section(results, ZonedDateTime.parse("2026-11-26T10:00:00Z"));

        assertThat(md).contains("| 10k-2y | 730 | 20.0 | 2 | 3 | 10,000 | 30.0 | 3,000 |");
        assertThat(md).contains("| 20k | 120 | 5.0 | 2 | 3 | 10,000 | 20.0 | 2,000 |");
        assertThat(md)
                .contains(
                        "Long history: 10k-2y (730 days, 20.0 orders per customer) keeps 3,000 B"
                                + " per customer, of which order versions 500 B; 20k (120 days,"
                                + " 5.0 orders per customer) keeps 2,000 B, of which order versions"
                                + " 1,000 B. For **4.00x the orders per customer, state per"
                                + " customer is 1.50x** (order versions 0.50x).");
    }

    /** A shop of 10,000 customers run at parallelism 2, its last checkpoint of these bytes. */
    private static BenchResults.SizeFigures shop(
            BenchPlan.Size size, int orders, long stateBytes, long orderVersionsBytes) {
        PipelineRun.Checkpoint checkpoint =
                new PipelineRun.Checkpoint(
                        3,
                        stateBytes,
                        1_000_000,
                        stateBytes,
                        10_000,
                        Map.of(
                                "Order versions -> Late changes",
                                orderVersionsBytes,
                                "Customer",
                                stateBytes - orderVersionsBytes));
        return new BenchResults.SizeFigures(
                size,
                10_000,
                orders,
                orders,
                320_000,
                300_000_000,
                1,
                4,
                List.of(run(2, Duration.ofSeconds(32), checkpoint)),
                null,
                null);
    }

    private static BenchResults results() {
        BenchPlan plan = BenchPlan.quick();
        BenchResults r =
                new BenchResults(
                        plan, MACHINE, "PostgreSQL 15", "java -jar repurchase.jar bench --quick");
        r.decode =
                new DecodeCeiling.Figures(
                        1000,
                        1000,
                        0,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5),
                        100_000,
                        110_000,
                        6,
                        95_000,
                        105_000,
                        90_000,
                        95,
                        0,
                        50,
                        950,
                        1200,
                        350,
                        1400);
        PipelineRun.Checkpoint checkpoint =
                new PipelineRun.Checkpoint(
                        3, 20_000_000, 1_000_000, 20_000_000, 10_000, Map.of("Order versions", 1L));
        PipelineRun.Figures two = run(2, Duration.ofSeconds(32), checkpoint);
        PipelineRun.Figures one = run(1, Duration.ofSeconds(48), null);
        r.sizes.add(
                new BenchResults.SizeFigures(
                        plan.headline(),
                        10_000,
                        50_000,
                        70_000,
                        320_000,
                        300_000_000,
                        1,
                        4,
                        List.of(two, one),
                        run(2, Duration.ofSeconds(10), null),
                        new BatchBaseline.Figures(
                                50_000,
                                70_000,
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(10),
                                1,
                                0,
                                11_000)));
        Percentiles some = new Percentiles(75, 300, 600, 800, 900);
        r.latency.add(
                new LatencyRun.Figures(
                        "at-least-once",
                        10_000,
                        5000,
                        4990,
                        Duration.ofSeconds(15),
                        1.2,
                        0,
                        some,
                        0,
                        some,
                        some,
                        0,
                        true));
        return r;
    }

    private static PipelineRun.Figures run(
            int parallelism, Duration wall, PipelineRun.Checkpoint checkpoint) {
        return run(
                parallelism,
                wall,
                checkpoint,
                new PipelineRun.Vertex("Order versions", parallelism, 1, 1, 1, 0, 0, 12.5));
    }

    private static PipelineRun.Figures run(
            int parallelism,
            Duration wall,
            PipelineRun.Checkpoint checkpoint,
            PipelineRun.Vertex vertex) {
        return new PipelineRun.Figures(
                "10k",
                parallelism,
                320_000,
                10_000,
                wall,
                2,
                1.6,
                0.4,
                0,
                "EmbeddedRocksDBStateBackend",
                3,
                0,
                Set.of(),
                checkpoint,
                List.of(vertex),
                new LinkedHashMap<>(
                        Map.of(ThreadCpu.OTHER, 4.0, ThreadCpu.GC, 2.0, ThreadCpu.ROCKSDB, 1.5)),
                Map.of("metric_period", 1L));
    }
}
