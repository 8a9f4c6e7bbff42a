package dev.repurchase.cli;

import dev.repurchase.cli.generator.CouponRow;
import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.CouponFeed;
import dev.repurchase.cli.replay.CustomerFeed;
import dev.repurchase.cli.replay.CustomerRecord;
import dev.repurchase.cli.replay.DebeziumChangeFeed;
import dev.repurchase.cli.replay.HistoryReplay;
import dev.repurchase.cli.replay.OrderHistory;
import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.jobs.config.JobConfiguration;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.fault.FailureInjector;
import dev.repurchase.jobs.sink.JdbcConnection;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Replays a CSV order history through the real pipeline and leaves the sink tables final. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes an order history (CSV) as Debezium change events to an in-process Kafka"
                    + " broker, runs the pipeline on a local Flink MiniCluster until every event"
                    + " is processed, and prints a summary of the sink tables."
        })
public final class ReplayCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--orders", required = true, description = "CSV of the orders table.")
    Path orders;

    @Option(names = "--items", required = true, description = "CSV of the order_items table.")
    Path items;

    @Option(names = "--coupons", description = "CSV of the coupons table (optional).")
    Path coupons;

    @Option(
            names = "--customers",
            description =
                    "CSV of the customers table (customer_id, referrer_id, registered_at;"
                            + " optional): the referrers earn the referral commissions.")
    Path customers;

    @Option(
            names = "--jdbc-url",
            description = "Sink database (default: the embedded H2 file ./repurchase-db).")
    String jdbcUrl;

    @Option(
            names = "--config",
            description = "YAML file of job options (nested keys or dotted ones).")
    Path configFile;

    @Option(
            names = "--set",
            paramLabel = "key=value",
            description = "A job option, over the config file (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(
            names = "--as-of",
            paramLabel = "INSTANT",
            description = {
                "Describe the shop as of this instant (ISO-8601): later changes are left out and"
                        + " no timer due later fires. Default: the last change of the history."
            })
    Instant asOf;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Parallelism of the local job (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "DIR",
            description = {
                "Keep the embedded broker and the job's checkpoints in DIR, retained if the run"
                        + " fails or is killed; a later replay of the same history and options"
                        + " resumes from the latest checkpoint there instead of starting over."
            })
    Path checkpointDir;

    @Option(
            names = "--inject-failures",
            paramLabel = "N",
            defaultValue = "0",
            description = {
                "Fail the job's tasks N times at random points (testing recovery: the tables"
                        + " must end the same)."
            })
    int injectFailures;

    @Option(
            names = "--seed",
            description =
                    "Seed of the random failure points of --inject-failures (default: random,"
                            + " printed).")
    Long seed;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        requireReadable(orders, "--orders");
        requireReadable(items, "--items");
        if (coupons != null) {
            requireReadable(coupons, "--coupons");
        }
        if (customers != null) {
            requireReadable(customers, "--customers");
        }
        if (configFile != null) {
            requireReadable(configFile, "--config");
        }
        Configuration config = JobConfiguration.load(configFile, sets);
        if (jdbcUrl != null) {
            config.set(PipelineOptions.JDBC_URL, jdbcUrl);
        }
        config.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        if (injectFailures < 0) {
            throw new ParameterException(spec.commandLine(), "--inject-failures: must be >= 0");
        }
        if (injectFailures > 0) {
            long failureSeed = seed != null ? seed : new Random().nextLong();
            config.set(FailureInjector.FAILURES, injectFailures);
            config.set(FailureInjector.SEED, failureSeed);
            out.printf("injecting %d failures (--seed %d)%n", injectFailures, failureSeed);
        }

        OrderHistory history = OrderHistory.read(orders, items);
        out.printf(
                "read %,d orders and %,d order lines%n",
                history.orders().size(), history.items().size());
        Iterable<ChangeEvent> events = DebeziumChangeFeed.of(history);
        if (coupons != null) {
            List<CouponRow> couponRows = CouponFeed.read(coupons);
            out.printf("read %,d coupons%n", couponRows.size());
            events =
                    CouponFeed.merge(
                            events,
                            CouponFeed.of(
                                    couponRows,
                                    history,
                                    config.get(PipelineOptions.COUPONS_TOPIC)));
        }
        if (customers != null) {
            List<CustomerRecord> customerRows = CustomerFeed.read(customers);
            out.printf("read %,d customers%n", customerRows.size());
            events =
                    CouponFeed.merge(
                            events,
                            CustomerFeed.of(
                                    customerRows, config.get(PipelineOptions.CUSTOMERS_TOPIC)));
        }
        if (asOf != null) {
            config.set(LifecycleOptions.EVENT_TIME_END, asOf.toString());
            events = upTo(events, asOf);
        }
        HistoryReplay.Result result = new HistoryReplay(config, out, checkpointDir).run(events);
        out.printf(
                "replayed %,d change events in %ds%n",
                result.published().events(), result.elapsed().toSeconds());
        ReplaySummary.print(JdbcConnection.from(config), config, out);
        return 0;
    }

    private static Iterable<ChangeEvent> upTo(Iterable<ChangeEvent> events, Instant asOf) {
        return () ->
                java.util.stream.StreamSupport.stream(events.spliterator(), false)
                        .filter(e -> !e.eventTime().isAfter(asOf))
                        .iterator();
    }

    private void requireReadable(Path file, String option) {
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new ParameterException(
                    spec.commandLine(), option + ": cannot read file '" + file + "'");
        }
    }
}
