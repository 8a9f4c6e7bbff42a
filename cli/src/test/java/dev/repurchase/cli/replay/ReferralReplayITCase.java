package dev.repurchase.cli.replay;

import static dev.repurchase.cli.replay.OrderRowBuilder.order;
import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.cli.testing.ReplayRuns;
import dev.repurchase.common.config.ReferralOptions;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.jobs.testing.ContractTables;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Referral commissions (SPEC 8.1) through Kafka (orders and customers topics, every event twice),
 * the job on a MiniCluster and the tables in PostgreSQL: referral_commission and referral_stat must
 * equal the batch SQL ({@code sql/130_batch_referral.sql}) over the final tables, also after task
 * failures injected at random points and with the events shuffled. Three levels (5 %, 2 %, 1 %),
 * window 365 days, business time zone Asia/Shanghai.
 *
 * <p><b>Hand-counted customers</b> (registered 2025-01-01 unless said otherwise):
 *
 * <pre>
 * ann                      no referrer
 * bob <- ann, cid <- bob, dan <- cid, eve <- dan      eve's chain: dan, cid, bob (ann is level 4)
 *   eve e1 2025-02-10 100.10 COMPLETED      dan 5.01 (5.005), cid 2.00 (2.002), bob 1.00 (1.001)
 *   eve e2 2025-02-12 60.00 PAID, refunded in full 2025-03-20: owed nothing
 *   eve e3 2025-02-14 50.00, 10.00 refunded 2025-03-25: net 40.00, dan 2.00, cid 0.80, bob 0.40
 *   eve e4 cancelled; e5 never paid: nothing
 *   eve e6 created 2025-02-27T20:00Z, paid 2025-02-28T17:00Z (01:00 on 03-01 in Shanghai):
 *       33.33, a March purchase: dan 1.67 (1.6665), cid 0.67 (0.6666), bob 0.33 (0.3333)
 * sam <- sam               a self-referral: nobody earns
 * x <- y, y <- z, z <- x   a cycle: x's chain y, z (then x again); w <- x: x, y, z
 * lee <- bob, changed 2025-03-01 to kim: both purchases earn kim only
 * old <- ann registered 2024-01-01: a purchase 2024-12-30 earns, 2025-01-05 is past 365 days
 * pre <- ann registered 2025-03-01: 2025-02-15 is before it, 2025-03-02 earns
 * gone <- ann, row deleted 2025-04-01: nothing owed
 * </pre>
 *
 * <p>Besides, 300 generated customers with random referrers (some themselves, some cycles),
 * registrations through 2024-2025, and 1-4 orders each: completed, paid hours later, refunded in
 * full or in part weeks later, cancelled or never paid; 30 of them change their referrer later.
 */
class ReferralReplayITCase {

    private static final String TIMEZONE = "Asia/Shanghai";
    private static final int FAILURES = 3;

    private static final ReplayRuns runs = new ReplayRuns();
    private static String batch;
    private static String stream;
    private static String failed;
    private static int injected;
    private static final List<ChangeEvent> events = new ArrayList<>();

    @BeforeAll
    static void replayAndComputeTheBatch() throws Exception {
        List<OrderRow> orders = new ArrayList<>(handCountedOrders());
        List<ItemRow> items = new ArrayList<>();
        Map<String, CustomerRecord> finalRows = new HashMap<>();
        List<CustomerFeed.Version> versions = new ArrayList<>(handCountedCustomers(finalRows));
        generate(new Random(20261207L), orders, versions, finalRows);
        for (OrderRow o : orders) {
            items.add(new ItemRow(o.orderId(), 1, "sku-" + o.orderId(), "tea", 1, o.totalAmount()));
        }
        OrderHistory history = new OrderHistory(orders, items);

        batch = runs.schema("referral_batch");
        BatchReference.compute(
                batch, history, List.of(), new ArrayList<>(finalRows.values()), config(batch));

        CustomerFeed customers = CustomerFeed.of(List.of(), CustomerFeed.TOPIC).with(versions);
        for (ChangeEvent event : CouponFeed.merge(DebeziumChangeFeed.of(history), customers)) {
            // At-least-once delivery: every event twice.
            events.add(event);
            events.add(event);
        }

        stream = runs.schema("referral_stream");
        ReplayRuns.replay(events, config(stream));

        failed = runs.schema("referral_failed");
        Configuration withFailures = config(failed);
        withFailures.addAll(
                ReplayRuns.injectedFailures(
                        FAILURES, 20261207L, events.size(), Duration.ofMillis(200)));
        injected = ReplayRuns.replay(events, withFailures).injectedFailures();
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        runs.close();
    }

    private static Configuration config(String schema) {
        Configuration config = ReplayRuns.config(schema, TIMEZONE);
        config.set(ReferralOptions.LEVELS, 3);
        config.setString("referral.level-3-rate", "0.01");
        config.setString("reminders.suppress-before", "2000-01-01T00:00:00Z");
        return config;
    }

    @Test
    void referralTablesEqualTheBatchSql() throws Exception {
        ContractTables.assertSameReferrals(stream, batch);
    }

    @Test
    void afterInjectedFailuresTheReferralTablesEqualTheBatchSql() throws Exception {
        assertThat(injected).isEqualTo(FAILURES);
        ContractTables.assertSameReferrals(failed, batch);
    }

    @Test
    void shuffledEventsGiveTheSameTables() throws Exception {
        // Arrival order no longer follows the source, the customers rows' versions included:
        // source positions do.
        List<ChangeEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(20261207L));
        String schema = runs.schema("referral_shuffled");
        Configuration config = config(schema);
        // Lines far (in event time) from their order wait for it rather than go as orphans.
        config.setString("ingest.orphan-line-grace", "3650 d");

        ReplayRuns.replay(shuffled, config);

        ContractTables.assertSameReferrals(schema, batch);
    }

    @Test
    void handCountedCommissionsHoldTheValuesWorkedOutByHand() throws Exception {
        for (String schema : List.of(stream, batch)) {
            assertThat(
                            ReplayRuns.rows(
                                    schema,
                                    "SELECT order_id, referrer_id, level, net_amount, commission"
                                            + " FROM referral_commission WHERE customer_id IN"
                                            + " ('eve', 'sam', 'w', 'x', 'lee', 'old', 'pre',"
                                            + " 'gone')"))
                    .as("referral_commission of %s", schema)
                    .containsExactlyInAnyOrder(
                            "e1 dan 1 100.10 5.01",
                            "e1 cid 2 100.10 2.00",
                            "e1 bob 3 100.10 1.00",
                            "e3 dan 1 40.00 2.00",
                            "e3 cid 2 40.00 0.80",
                            "e3 bob 3 40.00 0.40",
                            "e6 dan 1 33.33 1.67",
                            "e6 cid 2 33.33 0.67",
                            "e6 bob 3 33.33 0.33",
                            "w1 x 1 20.00 1.00",
                            "w1 y 2 20.00 0.40",
                            "w1 z 3 20.00 0.20",
                            "x1 y 1 20.00 1.00",
                            "x1 z 2 20.00 0.40",
                            "l1 kim 1 20.00 1.00",
                            "l2 kim 1 20.00 1.00",
                            "o1 ann 1 20.00 1.00",
                            "p2 ann 1 20.00 1.00");
            // dan's months in Shanghai: e1 and e3 in February, e6 in March.
            assertThat(
                            ReplayRuns.rows(
                                    schema,
                                    "SELECT period_start, referred_customers, orders, net_amount,"
                                            + " commission FROM referral_stat WHERE period_type ="
                                            + " 'MONTH' AND referrer_id = 'dan'"))
                    .as("referral_stat of %s", schema)
                    .containsExactlyInAnyOrder(
                            "2025-02-01 1 2 140.10 7.01", "2025-03-01 1 1 33.33 1.67");
        }
    }

    // ---- the hand-counted customers ------------------------------------------------------

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static OrderRow paid(String id, String customer, String time, String total) {
        return order(id)
                .customer(customer)
                .total(total)
                .createdAt(at(time))
                .paidAt(at(time))
                .build();
    }

    private static List<OrderRow> handCountedOrders() {
        return List.of(
                paid("e1", "eve", "2025-02-10T10:00:00Z", "100.10"),
                order("e2")
                        .customer("eve")
                        .status(OrderStatus.REFUNDED)
                        .total("60.00")
                        .createdAt(at("2025-02-12T10:00:00Z"))
                        .paidAt(at("2025-02-12T10:05:00Z"))
                        .refunded("60.00")
                        .updatedAt(at("2025-03-20T10:00:00Z"))
                        .build(),
                order("e3")
                        .customer("eve")
                        .status(OrderStatus.PARTIALLY_REFUNDED)
                        .total("50.00")
                        .createdAt(at("2025-02-14T10:00:00Z"))
                        .paidAt(at("2025-02-14T10:05:00Z"))
                        .refunded("10.00")
                        .updatedAt(at("2025-03-25T10:00:00Z"))
                        .build(),
                order("e4")
                        .customer("eve")
                        .status(OrderStatus.CANCELLED)
                        .total("70.00")
                        .createdAt(at("2025-02-16T10:00:00Z"))
                        .cancelledAt(at("2025-02-16T12:00:00Z"))
                        .build(),
                order("e5")
                        .customer("eve")
                        .status(OrderStatus.PENDING_PAYMENT)
                        .total("80.00")
                        .createdAt(at("2025-02-18T10:00:00Z"))
                        .build(),
                order("e6")
                        .customer("eve")
                        .total("33.33")
                        .createdAt(at("2025-02-27T20:00:00Z"))
                        .paidAt(at("2025-02-28T17:00:00Z"))
                        .build(),
                paid("s1", "sam", "2025-02-10T10:00:00Z", "20.00"),
                paid("x1", "x", "2025-02-10T10:00:00Z", "20.00"),
                paid("w1", "w", "2025-02-10T10:00:00Z", "20.00"),
                paid("l1", "lee", "2025-02-10T10:00:00Z", "20.00"),
                paid("l2", "lee", "2025-04-10T10:00:00Z", "20.00"),
                paid("o1", "old", "2024-12-30T10:00:00Z", "20.00"),
                paid("o2", "old", "2025-01-05T10:00:00Z", "20.00"),
                paid("p1", "pre", "2025-02-15T10:00:00Z", "20.00"),
                paid("p2", "pre", "2025-03-02T10:00:00Z", "20.00"),
                paid("g1", "gone", "2025-02-15T10:00:00Z", "20.00"));
    }

    /** The feed's versions of the hand-counted customers; their final rows into {@code rows}. */
    private static List<CustomerFeed.Version> handCountedCustomers(
            Map<String, CustomerRecord> rows) {
        Instant registered = at("2025-01-01T00:00:00Z");
        List<CustomerFeed.Version> versions = new ArrayList<>();
        String[][] referrals = {
            {"ann", null},
            {"bob", "ann"},
            {"cid", "bob"},
            {"dan", "cid"},
            {"eve", "dan"},
            {"sam", "sam"},
            {"x", "y"},
            {"y", "z"},
            {"z", "x"},
            {"w", "x"},
            {"kim", null}
        };
        for (String[] r : referrals) {
            CustomerRecord row = new CustomerRecord(r[0], r[1], registered);
            versions.add(new CustomerFeed.Version(registered, null, row));
            rows.put(r[0], row);
        }
        CustomerRecord leeFirst = new CustomerRecord("lee", "bob", registered);
        CustomerRecord lee = new CustomerRecord("lee", "kim", registered);
        versions.add(new CustomerFeed.Version(registered, null, leeFirst));
        versions.add(new CustomerFeed.Version(at("2025-03-01T00:00:00Z"), leeFirst, lee));
        rows.put("lee", lee);
        CustomerRecord old = new CustomerRecord("old", "ann", at("2024-01-01T00:00:00Z"));
        versions.add(new CustomerFeed.Version(old.registeredAt(), null, old));
        rows.put("old", old);
        CustomerRecord pre = new CustomerRecord("pre", "ann", at("2025-03-01T00:00:00Z"));
        versions.add(new CustomerFeed.Version(pre.registeredAt(), null, pre));
        rows.put("pre", pre);
        CustomerRecord gone = new CustomerRecord("gone", "ann", registered);
        versions.add(new CustomerFeed.Version(registered, null, gone));
        versions.add(new CustomerFeed.Version(at("2025-04-01T00:00:00Z"), gone, null));
        return versions;
    }

    // ---- the generated customers ---------------------------------------------------------

    private static void generate(
            Random random,
            List<OrderRow> orders,
            List<CustomerFeed.Version> versions,
            Map<String, CustomerRecord> rows) {
        int n = 300;
        Instant start = at("2024-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            String id = String.format("g%03d", i);
            int pick = random.nextInt(10);
            String referrer =
                    pick == 0 ? null : pick == 1 ? id : String.format("g%03d", random.nextInt(n));
            Instant registered = start.plus(Duration.ofMinutes(random.nextInt(600 * 24 * 60)));
            CustomerRecord row = new CustomerRecord(id, referrer, registered);
            versions.add(new CustomerFeed.Version(registered, null, row));
            rows.put(id, row);
            if (i % 10 == 3) {
                // The referrer changes later.
                CustomerRecord changed =
                        new CustomerRecord(
                                id, String.format("g%03d", random.nextInt(n)), registered);
                versions.add(
                        new CustomerFeed.Version(
                                registered.plus(Duration.ofDays(1 + random.nextInt(200))),
                                row,
                                changed));
                rows.put(id, changed);
            }
            int count = 1 + random.nextInt(4);
            for (int k = 0; k < count; k++) {
                Instant created =
                        registered.plus(
                                Duration.ofMinutes(random.nextInt(500 * 24 * 60) - 30 * 24 * 60));
                orders.add(generatedOrder(random, id + "-" + k, id, created));
            }
        }
    }

    private static OrderRow generatedOrder(
            Random random, String orderId, String customer, Instant created) {
        String total = BigDecimal.valueOf(100 + random.nextInt(30_000), 2).toPlainString();
        Instant paid = created.plus(Duration.ofMinutes(random.nextInt(48 * 60)));
        Instant later = paid.plus(Duration.ofDays(7 + random.nextInt(40)));
        OrderRowBuilder order = order(orderId).customer(customer).total(total).createdAt(created);
        switch (random.nextInt(8)) {
            case 0:
                return order.status(OrderStatus.REFUNDED)
                        .paidAt(paid)
                        .refunded(total)
                        .updatedAt(later)
                        .build();
            case 1:
                return order.status(OrderStatus.PARTIALLY_REFUNDED)
                        .paidAt(paid)
                        .refunded("1.00")
                        .updatedAt(later)
                        .build();
            case 2:
                return order.status(OrderStatus.CANCELLED).cancelledAt(paid).build();
            case 3:
                return order.status(OrderStatus.PENDING_PAYMENT).build();
            default:
                return order.paidAt(paid).build();
        }
    }
}
