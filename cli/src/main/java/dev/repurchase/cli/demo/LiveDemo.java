package dev.repurchase.cli.demo;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.generator.LiveTraffic;
import dev.repurchase.cli.generator.ShopProfile;
import dev.repurchase.cli.replay.HistoryReplay;
import dev.repurchase.cli.replay.OrderRow;
import dev.repurchase.common.config.AbuseOptions;
import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.common.config.ReferralOptions;
import dev.repurchase.common.customer.TriggerRules;
import dev.repurchase.jobs.RepurchaseJob;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.config.PrivacyOptions;
import dev.repurchase.jobs.sink.JdbcConnection;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

/**
 * The zero-setup demo: a simulated shop ({@link LiveTraffic}) happening live, its CDC published to
 * an in-process Kafka broker as its changes come due, and the real job graph ({@link
 * RepurchaseJob#build}, unbounded) on a local MiniCluster with the Flink Web UI, writing the sink
 * tables and the trigger topics. The simulated clock is the event time: it runs {@link
 * Settings#speed} simulated days per real second, from {@link Settings#start}.
 */
public final class LiveDemo {

    /**
     * What to simulate and how fast.
     *
     * @param customers customers of the simulated shop
     * @param seed seed of the simulation: the same settings give the same shop
     * @param start the first simulated day (UTC)
     * @param days how many simulated days the shop lives; the demo ends when they are over
     * @param speed simulated days per real second
     * @param duration how long to run in real time; null: until stopped or the days are over
     * @param webPort port of the Flink Web UI; 0 for a free one
     * @param progressEvery how often to print a progress line
     */
    public record Settings(
            int customers,
            long seed,
            LocalDate start,
            int days,
            double speed,
            Duration duration,
            int webPort,
            Duration progressEvery) {

        /**
         * The simulated shop, with referrals and a flash sale ({@link ShopProfile.Growth#DEFAULT}):
         * the same one on every run with these settings.
         */
        public ShopProfile shop() {
            return ShopProfile.demo(customers, startInstant(), Duration.ofDays(days), seed)
                    .withGrowth(ShopProfile.Growth.DEFAULT);
        }

        public Instant startInstant() {
            return start.atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        /** Simulated time per real second. */
        public Duration simulatedPerRealSecond() {
            return Duration.ofMillis(
                    Math.max(1, Math.round(speed * Duration.ofDays(1).toMillis())));
        }
    }

    /**
     * What a demo did.
     *
     * @param reached the simulated instant the demo reached
     * @param events change events published
     * @param orders orders the simulated shop created
     * @param elapsed real time from the first simulated instant to the stop
     * @param messages messages read per trigger topic with read_committed
     * @param reminderExcerpt the first messages of each type on the reminders topic
     * @param webUi the address of the Flink Web UI while it ran
     */
    public record Result(
            Instant reached,
            long events,
            long orders,
            Duration elapsed,
            Map<String, Long> messages,
            List<String> reminderExcerpt,
            String webUi) {}

    private static final Duration TICK = Duration.ofMillis(200);

    /** How long (real time) a partition of the simulated shop without changes holds event time. */
    private static final Duration IDLE_AFTER = Duration.ofMillis(500);

    /** How many ticks of simulated time changes of different partitions may arrive apart. */
    private static final int TICKS_OUT_OF_ORDER = 2;

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int EXCERPT_PER_TYPE = 2;

    private final Configuration config;
    private final Settings settings;
    private final PrintStream out;

    /**
     * @param config the job configuration; Kafka, event-time and trigger options are set for the
     *     demo (an explicit {@code reminders.suppress-before} is kept)
     */
    public LiveDemo(Configuration config, Settings settings, PrintStream out) {
        this.config = config;
        this.settings = settings;
        this.out = out;
    }

    /**
     * Runs until {@code stop} is counted down, the {@link Settings#duration} has passed or the
     * simulated days are over; then stops the job with a savepoint (so the last changes are written
     * and the last triggers committed), or cancels it if that does not succeed in time.
     *
     * @throws Exception if the job fails, or the broker or the database cannot be reached
     */
    public Result run(CountDownLatch stop) throws Exception {
        out.println("starting an in-process Kafka broker and a local Flink cluster...");
        Path checkpoints = Files.createTempDirectory("repurchase-demo-checkpoints-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Configuration job = jobConfiguration(kafka.bootstrapServers(), checkpoints);
            String webUi = "http://localhost:" + job.get(RestOptions.PORT);
            kafka.createTopics(
                    job.get(CoreOptions.DEFAULT_PARALLELISM),
                    job.get(PipelineOptions.ORDERS_TOPIC),
                    job.get(PipelineOptions.ORDER_ITEMS_TOPIC),
                    job.get(PipelineOptions.COUPONS_TOPIC),
                    job.get(PipelineOptions.CUSTOMERS_TOPIC),
                    job.get(PipelineOptions.DEAD_LETTER_TOPIC),
                    job.get(PipelineOptions.REMINDERS_TOPIC),
                    job.get(PipelineOptions.LIFECYCLE_TOPIC),
                    job.get(PipelineOptions.ORDER_ALERTS_TOPIC),
                    job.get(PipelineOptions.ABUSE_ALERTS_TOPIC));

            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(job);
            RepurchaseJob.build(env, job, false);
            JdbcConnection sink = JdbcConnection.from(job);
            warnIfNotEmpty(sink);
            JobClient client = env.executeAsync("Repurchase demo");
            awaitRunning(client);

            out.printf("Flink Web UI: %s (job graph, watermarks, checkpoints)%n", webUi);
            out.printf(
                    "Kafka: in-process broker %s, topics %s%n",
                    kafka.bootstrapServers(),
                    String.join(
                            ", ",
                            job.get(PipelineOptions.ORDERS_TOPIC),
                            job.get(PipelineOptions.ORDER_ITEMS_TOPIC),
                            job.get(PipelineOptions.COUPONS_TOPIC),
                            job.get(PipelineOptions.CUSTOMERS_TOPIC),
                            job.get(PipelineOptions.REMINDERS_TOPIC),
                            job.get(PipelineOptions.LIFECYCLE_TOPIC),
                            job.get(PipelineOptions.ORDER_ALERTS_TOPIC),
                            job.get(PipelineOptions.ABUSE_ALERTS_TOPIC),
                            job.get(PipelineOptions.DEAD_LETTER_TOPIC)));
            out.printf("sink tables: %s%n", sink);
            out.printf(
                    "simulating %,d customers from %s, %s per second; %s%n",
                    settings.customers(),
                    settings.start(),
                    settings.speed() == 1
                            ? "1 simulated day"
                            : decimal(settings.speed()) + " simulated days",
                    settings.duration() == null
                            ? "Ctrl-C stops"
                            : "stopping after " + settings.duration().toSeconds() + " s");

            try (LivePublisher publisher = new LivePublisher(kafka.bootstrapServers());
                    TriggerTap tap =
                            new TriggerTap(
                                    kafka.bootstrapServers(),
                                    List.of(
                                            job.get(PipelineOptions.REMINDERS_TOPIC),
                                            job.get(PipelineOptions.LIFECYCLE_TOPIC),
                                            job.get(PipelineOptions.ORDER_ALERTS_TOPIC),
                                            job.get(PipelineOptions.ABUSE_ALERTS_TOPIC)),
                                    EXCERPT_PER_TYPE)) {
                Feed feed;
                try {
                    feed =
                            feed(
                                    client,
                                    publisher,
                                    tap,
                                    sink,
                                    job.get(PipelineOptions.COUPONS_TOPIC),
                                    stop);
                } catch (Exception e) {
                    client.cancel(); // the local cluster ends with its job
                    throw e;
                }
                stopJob(client, checkpoints);
                tap.drain(Duration.ofSeconds(1), Duration.ofSeconds(10));
                return new Result(
                        feed.reached,
                        publisher.sent(),
                        feed.orders,
                        feed.elapsed,
                        tap.messages(),
                        tap.excerpt(),
                        webUi);
            }
        } finally {
            FileUtils.deleteDirectoryQuietly(checkpoints.toFile());
        }
    }

    /** How far feeding came. */
    private static final class Feed {
        Instant reached;
        long orders;
        Duration elapsed = Duration.ZERO;
    }

    private Feed feed(
            JobClient client,
            LivePublisher publisher,
            TriggerTap tap,
            JdbcConnection sink,
            String couponsTopic,
            CountDownLatch stop)
            throws Exception {
        LiveTraffic live = new LiveTraffic(settings.shop(), settings.simulatedPerRealSecond());
        CompletableFuture<JobExecutionResult> end = client.getJobExecutionResult();
        Feed feed = new Feed();
        feed.reached = live.reached();
        long start = System.nanoTime();
        long nextProgress = start + settings.progressEvery().toNanos();
        while (true) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Instant previous = live.reached();
            LiveTraffic.Batch batch = live.advanceBy(elapsed);
            publisher.send(LiveCoupons.withCoupons(batch, previous, couponsTopic));
            for (OrderRow order : batch.rows().orders()) {
                if (order.createdAt().isAfter(previous)) {
                    feed.orders++;
                }
            }
            feed.reached = batch.until();
            feed.elapsed = elapsed;
            tap.poll(Duration.ZERO);
            if (end.isDone()) {
                end.get(); // rethrows the failure
                throw new IllegalStateException("the job ended by itself");
            }
            if (System.nanoTime() >= nextProgress) {
                progress(feed, publisher, tap, sink);
                nextProgress += settings.progressEvery().toNanos();
            }
            if (settings.duration() != null && elapsed.compareTo(settings.duration()) >= 0) {
                out.printf("%ds passed: stopping%n", elapsed.toSeconds());
                return feed;
            }
            if (live.exhausted()) {
                out.printf("the simulated shop's %d days are over: stopping%n", settings.days());
                return feed;
            }
            if (stop.await(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
                out.println("stopping");
                return feed;
            }
        }
    }

    private void progress(Feed feed, LivePublisher publisher, TriggerTap tap, JdbcConnection sink) {
        String tables;
        try {
            SinkCounts counts = SinkCounts.read(sink);
            tables =
                    String.format(
                            "customers %,d (returning %,d), purchases %,d | P(alive) known for"
                                    + " %,d, below 0.5 for %,d | triggers sent %s"
                                    + " | order alerts sent %s | top referrers %s"
                                    + " | flagged orders %s",
                            counts.customers(),
                            counts.returning(),
                            counts.purchases(),
                            counts.predicted(),
                            counts.likelyLost(),
                            byType(counts.sent()),
                            byType(counts.alerts()),
                            owed(counts.topReferrers()),
                            byType(counts.flags()));
        } catch (SQLException e) {
            tables = "tables not readable: " + e.getMessage();
        }
        out.printf(
                "[%s] changes in %,d, orders %,d | %s | on Kafka %s%n",
                feed.reached.atZone(ZoneOffset.UTC).toLocalDate(),
                publisher.sent(),
                feed.orders,
                tables,
                tap.messages().entrySet().stream()
                        .map(e -> String.format("%s %,d", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")));
    }

    private static String owed(Map<String, java.math.BigDecimal> commissions) {
        return commissions.isEmpty()
                ? "none yet"
                : commissions.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "));
    }

    private static String byType(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "none yet";
        }
        return counts.entrySet().stream()
                .map(e -> String.format("%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** The demo's job options over the given ones. */
    private Configuration jobConfiguration(String bootstrapServers, Path checkpoints) {
        Configuration job = new Configuration(config);
        job.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        // The simulated clock is the event time, not the wall clock: a quiet partition (coupons,
        // at times one of orders) is idle instead of advancing with the wall clock.
        job.set(PipelineOptions.WATERMARK_QUIET_ADVANCE, Duration.ZERO);
        if (!job.contains(PipelineOptions.WATERMARK_IDLE_AFTER)) {
            job.set(PipelineOptions.WATERMARK_IDLE_AFTER, IDLE_AFTER);
        }
        // Each tick's changes are published at once and reach the job through different
        // partitions and readers: a partition back from idle may trail the others by a tick.
        if (!job.contains(PipelineOptions.WATERMARK_OUT_OF_ORDERNESS)) {
            job.set(
                    PipelineOptions.WATERMARK_OUT_OF_ORDERNESS,
                    settings.simulatedPerRealSecond()
                            .multipliedBy(TICK.toMillis() * TICKS_OUT_OF_ORDER)
                            .dividedBy(1000));
        }
        // The shop rules of seed 003 (SPEC 4.3), unless the demo is given rules of its own: a
        // coupon push 7 days after a new customer's first order, and "spent 500 within 30 days".
        if (job.keySet().stream().noneMatch(key -> key.startsWith(TriggerRules.PREFIX))) {
            job.setString(
                    TriggerRules.PREFIX + "NEW_CUSTOMER_COUPON.after-first-purchase-days", "7");
            job.setString(TriggerRules.PREFIX + "SPENT_500.spend-amount", "500");
            job.setString(TriggerRules.PREFIX + "SPENT_500.spend-window-days", "30");
        }
        // The shop's flash sale is guarded by the limits its crowd was made for (SPEC 8.2), and
        // its referral chains earn on three levels (SPEC 8.1), unless the demo is told otherwise.
        ShopProfile.FlashSale sale = settings.shop().growth().flashSale();
        if (!job.contains(AbuseOptions.CAMPAIGNS)) {
            job.set(AbuseOptions.CAMPAIGNS, List.of(sale.campaignId()));
        }
        // The limits keep devices, IPs and addresses only as keyed hashes: without a secret of
        // the user's, one of this run (the hashes need to match within it only).
        if (PrivacyOptions.contactHasher(job).isEmpty()) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            job.set(PrivacyOptions.HASH_SECRET, HexFormat.of().formatHex(secret));
        }
        setIfAbsent(job, AbuseOptions.MAX_PER_DEVICE, 1);
        setIfAbsent(job, AbuseOptions.MAX_PER_IP, 3);
        setIfAbsent(job, AbuseOptions.MAX_PER_ADDRESS, 1);
        if (job.keySet().stream().noneMatch(key -> key.startsWith("referral."))) {
            job.set(ReferralOptions.LEVELS, 3);
            job.set(ReferralOptions.levelRate(3), 0.01);
        }
        // The demo's triggers are the point: send those due from the simulated start on.
        if (!job.contains(LifecycleOptions.SUPPRESS_BEFORE)) {
            job.set(LifecycleOptions.SUPPRESS_BEFORE, settings.startInstant().toString());
        }
        job.set(RestOptions.PORT, settings.webPort() == 0 ? freePort() : settings.webPort());
        job.set(RestOptions.ADDRESS, "localhost");
        job.set(RestOptions.BIND_ADDRESS, "localhost");
        HistoryReplay.checkpointLocally(job, checkpoints);
        return job;
    }

    private static <T> void setIfAbsent(
            Configuration job, org.apache.flink.configuration.ConfigOption<T> option, T value) {
        if (!job.contains(option)) {
            job.set(option, value);
        }
    }

    private void warnIfNotEmpty(JdbcConnection sink) {
        try {
            SinkCounts counts = SinkCounts.read(sink);
            if (counts.customers() > 0) {
                out.printf(
                        "note: %s already holds %,d customer profiles of an earlier run; the"
                                + " counts below include them (--jdbc-url chooses another"
                                + " database)%n",
                        sink, counts.customers());
            }
        } catch (SQLException e) {
            // The progress lines will say so.
        }
    }

    private static void awaitRunning(JobClient client) throws Exception {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (client.getJobStatus().get() != JobStatus.RUNNING) {
            if (client.getJobStatus().get().isTerminalState()) {
                client.getJobExecutionResult().get();
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the job did not start in " + STOP_TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Stops the job with a savepoint: sinks flush and Kafka transactions commit. Cancels it if that
     * fails or takes too long.
     */
    private void stopJob(JobClient client, Path checkpoints) throws Exception {
        CompletableFuture<JobExecutionResult> end = client.getJobExecutionResult();
        if (end.isDone()) {
            end.get();
            return;
        }
        try {
            client.stopWithSavepoint(
                            false,
                            checkpoints.resolve("savepoints").toUri().toString(),
                            SavepointFormatType.CANONICAL)
                    .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            out.println("the job did not stop with a savepoint; cancelling it");
            client.cancel().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        try {
            end.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (CancellationException | ExecutionException e) {
            // Cancelled, as asked.
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the Web UI", e);
        }
    }

    private static String decimal(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
