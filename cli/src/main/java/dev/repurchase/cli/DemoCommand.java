package dev.repurchase.cli;

import dev.repurchase.cli.demo.LiveDemo;
import dev.repurchase.cli.generator.ShopProfile;
import dev.repurchase.jobs.config.JobConfiguration;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.sink.JdbcConnection;
import dev.repurchase.jobs.sink.SqlDialect;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The zero-setup demo: a simulated shop sells live, its change stream goes through an in-process
 * Kafka broker into the real job on a local Flink MiniCluster with the Web UI, and the sink tables
 * and trigger topics fill as simulated days pass. With {@code --orders}/{@code --items} it replays
 * a real history instead, as {@code replay} does.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the pipeline live on a simulated shop: an in-process Kafka broker, the job on a"
                    + " local Flink MiniCluster with the Web UI, the embedded database. Prints"
                    + " progress until Ctrl-C or --duration, then a summary of the tables and a few"
                    + " trigger messages."
        })
public final class DemoCommand implements Callable<Integer> {

    /** How long the shutdown hook of Ctrl-C waits for the summary. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(90);

    @Spec CommandLine.Model.CommandSpec spec;

    /** Where the demo prints (tests capture it). */
    PrintStream out = System.out;

    @Option(
            names = "--speed",
            defaultValue = "1",
            paramLabel = "DAYS",
            description = "Simulated days per real second (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(
            names = "--customers",
            paramLabel = "N",
            defaultValue = "2000",
            description = "Customers of the simulated shop (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "1",
            description = "Seed of the simulation; the same seed gives the same shop.")
    long seed;

    @Option(
            names = "--start",
            defaultValue = "2025-01-01",
            paramLabel = "DATE",
            description = "First simulated day (default: ${DEFAULT-VALUE}).")
    LocalDate start;

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "730",
            description =
                    "Simulated days the shop lives; the demo ends when they are over (default:"
                            + " ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Stop after this real time, e.g. 60s or 5min (default: until Ctrl-C).")
    Duration duration;

    @Option(
            names = "--web-port",
            paramLabel = "PORT",
            defaultValue = "8081",
            description = "Port of the Flink Web UI; 0 for a free one (default: ${DEFAULT-VALUE}).")
    int webPort;

    @Option(
            names = "--jdbc-url",
            paramLabel = "URL",
            description = "Sink database (default: the embedded H2 file ./repurchase-db).")
    String jdbcUrl;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML file of job options (nested keys or dotted ones).")
    Path configFile;

    @Option(
            names = "--set",
            paramLabel = "key=value",
            description = "A job option, over the config file (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "2",
            description = "Parallelism of the local job (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--orders",
            paramLabel = "FILE",
            description = "Replay this orders CSV instead of simulating (with --items).")
    Path orders;

    @Option(
            names = "--items",
            paramLabel = "FILE",
            description = "The order_items CSV of --orders.")
    Path items;

    @Override
    public Integer call() throws Exception {
        if (orders != null || items != null) {
            return replay();
        }
        validate();
        if (configFile != null && !Files.isReadable(configFile)) {
            throw new ParameterException(
                    spec.commandLine(), "--config: cannot read file '" + configFile + "'");
        }
        Configuration config = JobConfiguration.load(configFile, sets);
        if (jdbcUrl != null) {
            config.set(PipelineOptions.JDBC_URL, jdbcUrl);
        }
        config.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        LiveDemo.Settings settings =
                new LiveDemo.Settings(
                        customers,
                        seed,
                        start,
                        days,
                        speed,
                        duration,
                        webPort,
                        Duration.ofSeconds(3));

        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Thread ctrlC =
                new Thread(
                        () -> {
                            stop.countDown();
                            try {
                                finished.await(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "demo-ctrl-c");
        Runtime.getRuntime().addShutdownHook(ctrlC);
        try {
            LiveDemo.Result result = new LiveDemo(config, settings, out).run(stop);
            printSummary(result, config);
            return 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(ctrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and returns now.
            }
        }
    }

    private void printSummary(LiveDemo.Result result, Configuration config) throws Exception {
        out.printf(
                "%nsimulated %s to %s in %ds: %,d change events, %,d orders%n",
                start,
                result.reached().atZone(ZoneOffset.UTC).toLocalDate(),
                result.elapsed().toSeconds(),
                result.events(),
                result.orders());
        JdbcConnection sink = JdbcConnection.from(config);
        ReplaySummary.print(sink, config, out);
        out.println(
                "messages on Kafka (read_committed): "
                        + String.join(
                                ", ",
                                result.messages().entrySet().stream()
                                        .map(e -> String.format("%s %,d", e.getKey(), e.getValue()))
                                        .toList()));
        if (!result.reminderExcerpt().isEmpty()) {
            out.println(
                    "what the notification services got, a few messages of the "
                            + config.get(PipelineOptions.REMINDERS_TOPIC)
                            + " topic:");
            for (String message : result.reminderExcerpt()) {
                out.println("  " + message);
            }
        }
        out.println("query the tables: " + howToConnect(sink));
        out.println(
                "  e.g. SELECT * FROM v_repeat_rate WHERE period_type = 'MONTH' AND dimension ="
                        + " 'all' ORDER BY period_start");
    }

    /** The URL (and user) to query the sink tables with, without credentials. */
    static String howToConnect(JdbcConnection sink) {
        if (sink.dialect() == SqlDialect.H2) {
            return sink.url()
                    + " (empty user name and password; other tools may connect while it runs)";
        }
        return sink.toString();
    }

    /** Replays a real history instead of simulating: the {@code replay} command. */
    private int replay() throws Exception {
        if (orders == null || items == null) {
            throw new ParameterException(
                    spec.commandLine(), "--orders and --items go together: give both or neither");
        }
        ReplayCommand replay = new ReplayCommand();
        replay.spec = spec;
        replay.orders = orders;
        replay.items = items;
        replay.jdbcUrl = jdbcUrl;
        replay.configFile = configFile;
        replay.sets = sets;
        replay.parallelism = parallelism;
        return replay.call();
    }

    private void validate() {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new ParameterException(spec.commandLine(), "--speed must be positive: " + speed);
        }
        if (customers < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--customers must be positive: " + customers);
        }
        if (days < 1 || Duration.ofDays(days).compareTo(ShopProfile.MAX_DURATION) > 0) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--days must be in 1.." + ShopProfile.MAX_DURATION.toDays() + ": " + days);
        }
        if (webPort < 0 || webPort > 65_535) {
            throw new ParameterException(spec.commandLine(), "--web-port: no port " + webPort);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive");
        }
        if (parallelism < 1) {
            throw new ParameterException(spec.commandLine(), "--parallelism must be positive");
        }
        if (webPort != 0 && !isFree(webPort)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "port "
                            + webPort
                            + " of the Web UI is in use (another Flink?): choose another with"
                            + " --web-port, 0 for a free one");
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("localhost", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code 60s}, {@code 90 s}, {@code 5min}, {@code 2h}, or ISO-8601 ({@code PT1M}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            if (value.toUpperCase(java.util.Locale.ROOT).startsWith("PT")) {
                return Duration.parse(value);
            }
            try {
                return TimeUtils.parseDuration(value);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is no duration (e.g. 60s, 5min, 2h)");
            }
        }
    }
}
