package dev.repurchase.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.generator.CouponRow;
import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.CouponFeed;
import dev.repurchase.cli.replay.DebeziumChangeFeed;
import dev.repurchase.cli.replay.HistoryPublisher;
import dev.repurchase.cli.replay.HistoryReplay;
import dev.repurchase.cli.replay.ItemRow;
import dev.repurchase.cli.replay.OrderHistory;
import dev.repurchase.cli.replay.OrderRow;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.jobs.RepurchaseJob;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.testing.TestPostgres;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live job (unbounded Kafka source) with idle partitions, as the demo runs it: its commit times
 * are not the wall clock's (no quiet advance), and a partition without changes for a second is
 * idle. The coupons topic has one change at the start and then stays silent, one of its two
 * partitions never gets any; orders keep coming. Ann's reminder must still fire when the orders'
 * event time reaches it, and her follow-up, due after the last order, must not fire.
 *
 * <p>Ann buys coffee on 2025-03-01 10:00. Her cycle is cycles.default = 30 days (one purchase, no
 * learned cycles), so per SPEC section 4 REPLENISH_REMINDER is due 30 - 5 (lead) days later,
 * 2025-03-26 10:00, and OVERDUE_FOLLOW_UP 30 + 10 (grace) days later, 2025-04-10 10:00. Ben gets a
 * coupon on 2025-03-01 11:00. Other customers buy once a day at noon from 2025-03-02 to 2025-04-05,
 * then once a minute.
 */
class QuietPartitionsITCase {

    private static final Instant ANN_BUYS = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant REPLENISH_DUE = Instant.parse("2025-03-26T10:00:00Z");
    private static final Instant FOLLOW_UP_DUE = Instant.parse("2025-04-10T10:00:00Z");
    private static final Instant FIRST_OTHER = Instant.parse("2025-03-02T12:00:00Z");
    private static final Instant LAST_OTHER = Instant.parse("2025-04-05T12:00:00Z");
    private static final Duration CHANGE_EVERY = Duration.ofMillis(150);
    private static final Duration FIRING_TIMEOUT = Duration.ofMinutes(4);
    private static final String TOO_MANY_CONNECTIONS = "53300";

    /** PostgreSQL's undefined_table: the sinks create their tables when they open. */
    private static final String UNDEFINED_TABLE = "42P01";

    private String schema;
    private Path checkpoints;

    @BeforeEach
    void setUp() throws Exception {
        schema = TestPostgres.createSchema("quiet");
        checkpoints = Files.createTempDirectory("quiet-partitions-");
    }

    @AfterEach
    void tearDown() throws Exception {
        TestPostgres.dropSchema(schema);
        FileUtils.deleteDirectoryQuietly(checkpoints.toFile());
    }

    @Test
    void aReminderFiresOnTimeWhileTheCouponsTopicIsSilent() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Configuration config = configuration(kafka.bootstrapServers());
            kafka.createTopics(
                    2,
                    config.get(PipelineOptions.ORDERS_TOPIC),
                    config.get(PipelineOptions.ORDER_ITEMS_TOPIC),
                    config.get(PipelineOptions.COUPONS_TOPIC),
                    config.get(PipelineOptions.DEAD_LETTER_TOPIC),
                    config.get(PipelineOptions.REMINDERS_TOPIC),
                    config.get(PipelineOptions.LIFECYCLE_TOPIC),
                    config.get(PipelineOptions.ORDER_ALERTS_TOPIC));
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(2, config);
            RepurchaseJob.build(env, config, false);
            JobClient job = env.executeAsync("quiet partitions");
            AtomicBoolean shopOpen = new AtomicBoolean(true);
            CompletableFuture<?> otherOrders = null;
            try {
                OrderHistory ann =
                        new OrderHistory(
                                List.of(completed("ann-1", "ann", ANN_BUYS)),
                                List.of(coffee("ann-1")));
                HistoryPublisher publisher = new HistoryPublisher(kafka.bootstrapServers());
                publisher.publish(
                        CouponFeed.merge(
                                DebeziumChangeFeed.of(ann),
                                CouponFeed.of(
                                        List.of(bensCoupon()),
                                        ann,
                                        config.get(PipelineOptions.COUPONS_TOPIC))),
                        1,
                        progress -> {});
                // The coupons topic stays silent from here on; orders keep coming.
                otherOrders =
                        CompletableFuture.runAsync(
                                () -> publisher.publish(otherOrders(shopOpen), 1, progress -> {}));

                assertThat(awaitSentTrigger(job, "ann", "REPLENISH_REMINDER"))
                        .as("Ann's reminder, while the coupons topic is silent")
                        .isEqualTo(REPLENISH_DUE);
                assertThat(sentTriggers("ann", "OVERDUE_FOLLOW_UP"))
                        .as("due after the latest order: event time is not there")
                        .isEmpty();
                shopOpen.set(false);
                otherOrders.get();
            } finally {
                shopOpen.set(false);
                job.cancel().get();
            }
        }
    }

    private Configuration configuration(String bootstrapServers) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(schema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        config.set(PipelineOptions.WATERMARK_QUIET_ADVANCE, Duration.ZERO);
        config.set(PipelineOptions.WATERMARK_IDLE_AFTER, Duration.ofSeconds(1));
        config.setString("reminders.suppress-before", "2000-01-01T00:00:00Z");
        config.setString("reminders.min-samples", String.valueOf(Integer.MAX_VALUE));
        config.setString("cycles.default", "30");
        config.setString("reminders.lead-days", "5");
        config.setString("reminders.grace-days", "10");
        HistoryReplay.checkpointLocally(config, checkpoints);
        return config;
    }

    /**
     * Other customers' orders, one change every {@link #CHANGE_EVERY} of real time while the shop
     * is open: one a day at noon from {@link #FIRST_OTHER} to {@link #LAST_OTHER}, then one a
     * minute on that day, so event time never reaches Ann's follow-up.
     */
    private static Iterable<ChangeEvent> otherOrders(AtomicBoolean shopOpen) {
        return () ->
                new Iterator<>() {
                    private int count;
                    private Iterator<ChangeEvent> changes = Collections.emptyIterator();

                    @Override
                    public boolean hasNext() {
                        return shopOpen.get();
                    }

                    @Override
                    public ChangeEvent next() {
                        sleep(CHANGE_EVERY);
                        if (!changes.hasNext()) {
                            String order = "other-" + ++count;
                            Instant at = FIRST_OTHER.plus(Duration.ofDays(count - 1));
                            if (at.isAfter(LAST_OTHER)) {
                                at = LAST_OTHER.plus(Duration.ofMinutes(count));
                            }
                            changes =
                                    DebeziumChangeFeed.of(
                                                    new OrderHistory(
                                                            List.of(
                                                                    completed(
                                                                            order,
                                                                            "other-customer-"
                                                                                    + count,
                                                                            at)),
                                                            List.of(coffee(order))))
                                            .iterator();
                        }
                        return changes.next();
                    }
                };
    }

    private static void sleep(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    private static CouponRow bensCoupon() {
        return new CouponRow(
                "cp-ben",
                "ben",
                "spring",
                Instant.parse("2025-03-01T11:00:00Z"),
                Instant.parse("2025-06-01T00:00:00Z"),
                null);
    }

    private static OrderRow completed(String orderId, String customer, Instant at) {
        return new OrderRow(
                orderId,
                customer,
                OrderStatus.COMPLETED,
                new BigDecimal("25.00"),
                "CNY",
                "app",
                "east",
                null,
                null,
                at,
                at,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                at,
                null,
                null,
                null);
    }

    private static ItemRow coffee(String orderId) {
        return new ItemRow(orderId, 1, "beans-1kg", "coffee", 1, new BigDecimal("25.00"));
    }

    private Instant awaitSentTrigger(JobClient job, String customer, String type) throws Exception {
        long deadline = System.nanoTime() + FIRING_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (job.getJobExecutionResult().isDone()) {
                job.getJobExecutionResult().get(); // rethrows its failure
                throw new AssertionError("the job ended");
            }
            try {
                List<Instant> due = sentTriggers(customer, type);
                if (!due.isEmpty()) {
                    assertThat(due).hasSize(1);
                    return due.get(0);
                }
            } catch (SQLException e) {
                // The machine's PostgreSQL is shared: when it is out of connections, ask again;
                // likewise before the sinks have opened and created the tables.
                if (!TOO_MANY_CONNECTIONS.equals(e.getSQLState())
                        && !UNDEFINED_TABLE.equals(e.getSQLState())) {
                    throw e;
                }
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError(
                type + " of " + customer + " not sent in " + FIRING_TIMEOUT + "; " + written());
    }

    /** What the job wrote so far, for a failure message. */
    private String written() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.urlFor(schema));
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT (SELECT count(*) FROM customer_profile),"
                                        + " (SELECT string_agg(type || ' ' || customer_id || ' '"
                                        + " || due_at || ' ' || status, '; ') FROM trigger_log)")) {
            r.next();
            return "customer profiles " + r.getLong(1) + ", trigger_log: " + r.getString(2);
        }
    }

    private List<Instant> sentTriggers(String customer, String type) throws SQLException {
        List<Instant> due = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestPostgres.urlFor(schema));
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT due_at FROM trigger_log WHERE customer_id = ? AND type = ?"
                                        + " AND status = 'SENT'")) {
            s.setString(1, customer);
            s.setString(2, type);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    due.add(r.getTimestamp(1).toInstant());
                }
            }
        }
        return due;
    }
}
