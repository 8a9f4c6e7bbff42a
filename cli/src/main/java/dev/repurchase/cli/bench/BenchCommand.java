package dev.repurchase.cli.bench;

import dev.repurchase.jobs.config.JobConfiguration;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar repurchase.jar bench [--quick]}: measures the decoder alone, the whole pipeline
 * on a local MiniCluster at several sizes, RocksDB state per customer, latency at half load, the
 * scaling from parallelism 1 to 2 and the batch SQL, prints the figures and appends them to {@code
 * BENCHMARKS.md}. The last line printed is the summary: {@code bench: <E> events/s/core, <R> of
 * decode ceiling, <B> B state/customer, p99 trigger <L> ms}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmarks the pipeline: decode ceiling, throughput per core at several sizes,"
                    + " RocksDB state per customer, latency at half load, parallelism 1 vs 2 and"
                    + " the batch SQL; appends the figures to BENCHMARKS.md."
        })
public final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--quick",
            description =
                    "20,000 customers only, and 10,000 over two years for the state of settled"
                            + " orders: the same figures, under 4 minutes on an idle machine.")
    boolean quick;

    @Option(
            names = "--ten-million",
            description =
                    "Also run 10,000,000 customers over a week (about 55M events; needs a heap of"
                            + " 16 GB and well over an hour on 2 cores).")
    boolean tenMillion;

    @Option(
            names = "--refit-only",
            description =
                    "Only the prediction refit (standalone, over a population drawn from BG/NBD)"
                            + " at the sizes of the run: 20,000 customers with --quick, else"
                            + " 100,000 and 1,000,000; a minute or two.")
    boolean refitOnly;

    @Option(
            names = "--jfr",
            paramLabel = "FILE",
            description = "Record the headline pipeline run with Java Flight Recorder into FILE.")
    Path jfr;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            defaultValue = "BENCHMARKS.md",
            description = "Markdown file the figures are appended to (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "A job or Flink option for every job the benchmark runs, over the benchmark's"
                            + " own settings (repeatable), e.g. --set"
                            + " execution.buffer-timeout.interval=10ms.")
    List<String> sets = new ArrayList<>();

    @Option(
            names = "--jdbc-url",
            defaultValue = BenchDatabase.DEFAULT_URL,
            description =
                    "PostgreSQL database of the sinks and the batch (default: ${DEFAULT-VALUE}).")
    String jdbcUrl;

    @Option(
            names = "--jdbc-user",
            defaultValue = BenchDatabase.DEFAULT_USER,
            description = "PostgreSQL user (default: ${DEFAULT-VALUE}).")
    String jdbcUser;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        // Every Kafka client and sink registers the same metric names once per subtask.
        Configurator.setLevel("org.apache.flink.metrics.MetricGroup", Level.ERROR);
        BenchPlan plan =
                (quick ? BenchPlan.quick() : BenchPlan.full(tenMillion))
                        .withJobOptions(JobConfiguration.load(null, sets).toMap());
        BenchDatabase database = new BenchDatabase(jdbcUrl, jdbcUser);
        Machine machine = Machine.describe();
        BenchResults results = new BenchResults(plan, machine, database.version(), command());
        out.println("bench " + plan.name() + " on " + machine.summary());
        ZonedDateTime started = ZonedDateTime.now();
        long start = System.nanoTime();
        JfrProfile profile = jfr == null ? null : new JfrProfile(jfr.toAbsolutePath());

        Benchmark benchmark = new Benchmark(plan, database, profile, out);
        if (refitOnly) {
            benchmark.runRefits(results);
        } else {
            benchmark.run(results);
        }

        if (profile != null) {
            results.profile = JfrProfile.summarise(profile.file(), 25);
            out.printf(
                    "%nJFR %s: %,d Java samples, %,d RocksDB native samples%n",
                    profile.file(),
                    results.profile.javaSamples(),
                    results.profile.rocksDbNativeSamples());
            print(out, "by area", results.profile.areas());
            print(out, "by part of the job", results.profile.operators());
            print(out, "top methods (self)", results.profile.selfTop());
        }
        results.notes.add(
                String.format("total run time %.0f s", (System.nanoTime() - start) / 1e9));
        BenchReport.append(report, results, started);
        out.println();
        out.println("figures appended to " + report.toAbsolutePath());
        out.println(results.lastLine());
        return 0;
    }

    private static void print(PrintStream out, String title, List<Map.Entry<String, Long>> rows) {
        out.println(title + ":");
        for (Map.Entry<String, Long> row : rows) {
            out.printf("  %,8d  %s%n", row.getValue(), row.getKey());
        }
    }

    /** The command line of this JVM, as the report's exact command. */
    private static String command() {
        return ProcessHandle.current()
                .info()
                .commandLine()
                .orElse("java -jar cli/target/repurchase.jar bench");
    }
}
