package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.generator.CouponRow;
import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.common.config.CampaignOptions;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.TestPostgres;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Orders with campaigns and coupons through Kafka (in-process broker, orders and coupons topics),
 * the job on a Flink MiniCluster and the sink tables in PostgreSQL: campaign_effect, coupon_stat,
 * their monthly rows and the campaign dimension of metric_period must equal the batch SQL, and the
 * COUPON_EXPIRING reminders must be those the coupons call for.
 *
 * <p>Two parts, in months that do not overlap, so the first can be counted by hand. Window 30 days,
 * lead 3 days, UTC.
 *
 * <p><b>A handful of customers in 2012</b> (campaigns hc-spring and hc-summer):
 *
 * <pre>
 * ann  a1 01-05 hc-spring, a2 01-20 none        hc-spring Jan: qualifies, a2 +15 d: repurchased
 *                                               baseline Jan: a2, nothing later: not repurchased
 *      coupon cpn-a1 hc-spring 01-01..01-31, redeemed by a1 (row updated 01-05): no reminder
 * ben  b1 01-10 none, b2 01-25 hc-spring,       baseline Jan: b1, b2 +15 d: repurchased
 *      b3 03-10 none                            hc-spring Jan: b2, b3 +45 d: not repurchased
 *                                               baseline Mar: b3, not repurchased
 *      coupon cpn-b1 hc-spring 01-02..01-15, never used: reminder due 01-12; a non-redeemer
 *      who bought within 30 days of 01-02 (b1)
 * cid  c1 02-01 hc-spring PAID, refunded 02-03  excluded after the fact: no hc-spring for cid
 *      c2 02-10 hc-summer, uses cpn-c1          hc-summer Feb: qualifies, c3 +10 d: repurchased
 *      c3 02-20 none                            baseline Feb: c3, not repurchased
 *      coupon cpn-c1 hc-summer 02-01..02-28, redeemed_order_id empty but used by c2: redeemed,
 *      its reminder (02-25) cancelled by c2
 * dee  d1 02-05 none, d2 02-15 none,            baseline Feb: d1, d2 +10 d: repurchased
 *      d3 05-01 none                            baseline May: d3, not repurchased
 *      coupon cpn-d1 hc-spring 03-01..04-01, deleted 03-05: gone (no reminder, no count)
 *      coupon cpn-d2 hc-spring 03-01..03-10, expiry moved 03-05 to 04-10: reminder 04-07, not
 *      03-07; a non-redeemer who did not buy within 30 days of 03-01
 * eve  e1 02-12 none                            baseline Feb: e1, not repurchased
 *      coupon cpn-e1 hc-summer 02-01..02-20, never used: reminder due 02-17; a non-redeemer who
 *      bought within 30 days (e1)
 *
 * campaign_month   hc-spring Jan [2, 1]; hc-summer Feb [1, 1]
 * baseline_month   Jan [2, 1]; Feb [3, 1]; Mar [1, 0]; May [1, 0]
 * campaign_effect  hc-spring [2, 1, 2, 1] (baseline of Jan); hc-summer [1, 1, 3, 1] (of Feb)
 * coupon_stat      hc-spring [3 issued, 1 redeemed, 2 non-redeemers (ben, dee), 1 came back (ben)]
 *                  hc-summer [2, 1, 1 (eve), 1 (eve)]
 * </pre>
 *
 * <p><b>Real orders</b>: the Online Retail invoices of January and February 2011, about a fifth of
 * them with a campaign by a hash of the invoice number, and coupons for a quarter of the customers,
 * issued an hour after their first invoice, valid 14 days, used by their next invoice within that
 * time (half of those also marked redeemed in the coupon row).
 */
class CampaignReplayITCase {

    private static final Path ONLINE_RETAIL = Path.of("../data/online_retail/online_retail.csv.gz");
    private static final Set<String> HAND_COUNTED = Set.of("ann", "ben", "cid", "dee", "eve");

    private static OrderHistory history;
    private static List<CouponRow> coupons;
    private static Iterable<ChangeEvent> events;
    private static String batchSchema;
    private static String streamSchema;
    private static final List<String> schemas = new ArrayList<>();

    @BeforeAll
    static void replayAndComputeTheBatch() throws Exception {
        List<OrderRow> orders = new ArrayList<>(handCountedOrders());
        OrderHistory retail =
                OnlineRetail.read(
                        ONLINE_RETAIL,
                        Instant.parse("2011-01-01T00:00:00Z"),
                        Instant.parse("2011-03-01T00:00:00Z"));
        coupons = new ArrayList<>(handCountedCoupons());
        orders.addAll(withCampaignsAndCoupons(retail.orders(), coupons));
        history = new OrderHistory(orders, retail.items());

        // The final coupons table: cpn-d1 is gone, cpn-d2 as its expiry was moved.
        List<CouponRow> finalCoupons = new ArrayList<>(coupons);
        finalCoupons.add(D2);
        batchSchema = TestPostgres.createSchema("campaign_batch");
        schemas.add(batchSchema);
        BatchReference.compute(batchSchema, history, finalCoupons, config(batchSchema));

        streamSchema = TestPostgres.createSchema("campaign_stream");
        schemas.add(streamSchema);
        CouponFeed couponFeed =
                CouponFeed.of(coupons, history)
                        .with(
                                List.of(
                                        // cpn-d1 was issued, then deleted: the final table lacks it
                                        new CouponFeed.Version(
                                                at("2012-03-01T08:00:00Z"), null, D1),
                                        new CouponFeed.Version(
                                                at("2012-03-05T08:00:00Z"), D1, null),
                                        // cpn-d2 was issued expiring 03-10; 03-05 moved to 04-10
                                        new CouponFeed.Version(
                                                at("2012-03-01T08:00:00Z"), null, D2_ISSUED),
                                        new CouponFeed.Version(
                                                at("2012-03-05T08:00:00Z"), D2_ISSUED, D2)));
        events = CouponFeed.merge(DebeziumChangeFeed.of(history), couponFeed);
        new HistoryReplay(config(streamSchema), new PrintStream(OutputStream.nullOutputStream()))
                .run(events);
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        for (String schema : schemas) {
            TestPostgres.dropSchema(schema);
        }
    }

    private static Configuration config(String schema) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(schema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        config.set(CampaignOptions.WINDOW_DAYS, 30);
        config.set(CampaignOptions.COUPON_LEAD_DAYS, 3);
        config.setString("reminders.suppress-before", "2000-01-01T00:00:00Z");
        return config;
    }

    @Test
    void contractTablesEqualTheBatchSql() throws Exception {
        ContractTables.assertSameWithCampaigns(streamSchema, batchSchema);
    }

    @Test
    void shuffledAndDuplicatedEventsGiveTheSameTables() throws Exception {
        List<ChangeEvent> shuffled = new ArrayList<>();
        for (ChangeEvent event : events) {
            shuffled.add(event);
            shuffled.add(event);
        }
        // Arrival order no longer follows the source, coupons included: source positions do.
        Collections.shuffle(shuffled, new Random(20261127));
        String schema = TestPostgres.createSchema("campaign_shuffled");
        schemas.add(schema);

        Configuration config = config(schema);
        // A full shuffle puts order lines far (in event time) from their order, up to the
        // 2012 customers: let them wait for it rather than report them as orphans.
        config.setString("ingest.orphan-line-grace", "3650 d");
        new HistoryReplay(config, new PrintStream(OutputStream.nullOutputStream())).run(shuffled);

        ContractTables.assertSameWithCampaigns(schema, batchSchema);
    }

    @Test
    void handCountedCampaignsHoldTheValuesWorkedOutByHand() throws Exception {
        for (String schema : List.of(streamSchema, batchSchema)) {
            assertThat(
                            rows(
                                    schema,
                                    "SELECT campaign_id, customers, repurchased_customers,"
                                            + " baseline_customers, baseline_repurchased_customers FROM"
                                            + " campaign_effect WHERE campaign_id LIKE 'hc-%'"))
                    .as("campaign_effect of %s", schema)
                    .containsExactlyInAnyOrder("hc-spring 2 1 2 1", "hc-summer 1 1 3 1");
            assertThat(
                            rows(
                                    schema,
                                    "SELECT campaign_id, issued, redeemed, recipients_not_redeemed,"
                                            + " not_redeemed_repurchased"
                                            + " FROM coupon_stat WHERE campaign_id LIKE 'hc-%'"))
                    .as("coupon_stat of %s", schema)
                    .containsExactlyInAnyOrder("hc-spring 3 1 2 1", "hc-summer 2 1 1 1");
            assertThat(
                            rows(
                                    schema,
                                    "SELECT month_start, customers, repurchased_customers"
                                            + " FROM baseline_month WHERE customers > 0"
                                            + " AND month_start >= DATE '2012-01-01'"))
                    .as("baseline_month of %s", schema)
                    .containsExactlyInAnyOrder(
                            "2012-01-01 2 1", "2012-02-01 3 1", "2012-03-01 1 0", "2012-05-01 1 0");
        }
    }

    @Test
    void theCampaignDimensionIsTheCampaignOfTheFirstPurchase() throws Exception {
        // 2012 customers by first purchase: ann hc-spring; ben, dee, eve none; cid hc-summer (c1
        // refunded). In February: cid (hc-summer), dee and eve (none).
        for (String schema : List.of(streamSchema, batchSchema)) {
            assertThat(
                            rows(
                                    schema,
                                    "SELECT dimension_value, customers, orders FROM metric_period"
                                            + " WHERE period_type = 'MONTH' AND period_start ="
                                            + " DATE '2012-02-01' AND dimension = 'campaign'"
                                            + " AND customers > 0"))
                    .as("metric_period of %s", schema)
                    .containsExactlyInAnyOrder("hc-summer 1 2", "none 2 3");
        }
    }

    @Test
    void couponRemindersAreThoseTheCouponsCallFor() throws Exception {
        Set<String> logged = new TreeSet<>();
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT customer_id, due_at, status FROM "
                                        + streamSchema
                                        + ".trigger_log WHERE type = 'COUPON_EXPIRING'")) {
            while (r.next()) {
                if (HAND_COUNTED.contains(r.getString(1))) {
                    logged.add(
                            r.getString(1)
                                    + " "
                                    + r.getObject(2, java.time.OffsetDateTime.class).toInstant()
                                    + " "
                                    + r.getString(3));
                }
            }
        }
        assertThat(logged)
                .containsExactly(
                        "ben 2012-01-12T08:00:00Z SENT",
                        "dee 2012-04-07T08:00:00Z SENT",
                        "eve 2012-02-17T08:00:00Z SENT");
    }

    private static List<String> rows(String schema, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            try (ResultSet r = s.executeQuery(sql)) {
                int n = r.getMetaData().getColumnCount();
                while (r.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        row.append(i > 1 ? " " : "").append(r.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }

    // ---- the hand-counted customers ------------------------------------------------------

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static OrderRow order(
            String orderId, String customer, String time, String campaign, String coupon) {
        Instant t = at(time);
        return new OrderRow(
                orderId,
                customer,
                OrderStatus.COMPLETED,
                new BigDecimal("40.00"),
                "GBP",
                "app",
                "north",
                campaign,
                coupon,
                t,
                t,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static List<OrderRow> handCountedOrders() {
        Instant c1Paid = at("2012-02-01T10:00:00Z");
        OrderRow c1Refunded =
                new OrderRow(
                        "c1",
                        "cid",
                        OrderStatus.REFUNDED,
                        new BigDecimal("40.00"),
                        "GBP",
                        "app",
                        "north",
                        "hc-spring",
                        null,
                        c1Paid,
                        c1Paid,
                        null,
                        null,
                        null,
                        null,
                        new BigDecimal("40.00"),
                        null,
                        null,
                        at("2012-02-03T10:00:00Z"),
                        null,
                        null,
                        null);
        return List.of(
                order("a1", "ann", "2012-01-05T10:00:00Z", "hc-spring", null),
                order("a2", "ann", "2012-01-20T10:00:00Z", null, null),
                order("b1", "ben", "2012-01-10T10:00:00Z", null, null),
                order("b2", "ben", "2012-01-25T10:00:00Z", "hc-spring", null),
                order("b3", "ben", "2012-03-10T10:00:00Z", null, null),
                c1Refunded,
                order("c2", "cid", "2012-02-10T10:00:00Z", "hc-summer", "cpn-c1"),
                order("c3", "cid", "2012-02-20T10:00:00Z", null, null),
                order("d1", "dee", "2012-02-05T10:00:00Z", null, null),
                order("d2", "dee", "2012-02-15T10:00:00Z", null, null),
                order("d3", "dee", "2012-05-01T10:00:00Z", null, null),
                order("e1", "eve", "2012-02-12T10:00:00Z", null, null));
    }

    private static CouponRow coupon(
            String id,
            String customer,
            String campaign,
            String issued,
            String expires,
            String redeemedBy) {
        return new CouponRow(id, customer, campaign, at(issued), at(expires), redeemedBy);
    }

    /** cpn-d1, deleted in the stream: not in the final table. */
    private static final CouponRow D1 =
            coupon(
                    "cpn-d1",
                    "dee",
                    "hc-spring",
                    "2012-03-01T08:00:00Z",
                    "2012-04-01T08:00:00Z",
                    null);

    /** cpn-d2 as issued, and as it ends after its expiry moved. */
    private static final CouponRow D2_ISSUED =
            coupon(
                    "cpn-d2",
                    "dee",
                    "hc-spring",
                    "2012-03-01T08:00:00Z",
                    "2012-03-10T08:00:00Z",
                    null);

    private static final CouponRow D2 =
            coupon(
                    "cpn-d2",
                    "dee",
                    "hc-spring",
                    "2012-03-01T08:00:00Z",
                    "2012-04-10T08:00:00Z",
                    null);

    /** The coupons of the feed made from the final rows (cpn-d1 and cpn-d2 have versions). */
    private static List<CouponRow> handCountedCoupons() {
        return List.of(
                coupon(
                        "cpn-a1",
                        "ann",
                        "hc-spring",
                        "2012-01-01T08:00:00Z",
                        "2012-01-31T08:00:00Z",
                        "a1"),
                coupon(
                        "cpn-b1",
                        "ben",
                        "hc-spring",
                        "2012-01-02T08:00:00Z",
                        "2012-01-15T08:00:00Z",
                        null),
                coupon(
                        "cpn-c1",
                        "cid",
                        "hc-summer",
                        "2012-02-01T08:00:00Z",
                        "2012-02-28T08:00:00Z",
                        null),
                coupon(
                        "cpn-e1",
                        "eve",
                        "hc-summer",
                        "2012-02-01T08:00:00Z",
                        "2012-02-20T08:00:00Z",
                        null));
    }

    // ---- the real orders -----------------------------------------------------------------

    /**
     * The invoices with a campaign for about a fifth of them (by a hash of the invoice number), and
     * {@code coupons} extended by those of a quarter of the customers (by a hash of the customer
     * id): issued an hour after their first invoice, valid 14 days, used by their next invoice
     * within that time, which then carries the coupon and its campaign; every other such coupon
     * also names that invoice as redeeming it.
     */
    private static List<OrderRow> withCampaignsAndCoupons(
            List<OrderRow> invoices, List<CouponRow> coupons) {
        Map<String, OrderRow> byId = new HashMap<>();
        for (OrderRow invoice : invoices) {
            int h = Math.floorMod(invoice.orderId().hashCode(), 10);
            String campaign = h < 1 ? "retail-winter" : h < 2 ? "retail-flash" : null;
            byId.put(invoice.orderId(), withCampaign(invoice, campaign, null));
        }
        Map<String, List<OrderRow>> byCustomer = new HashMap<>();
        for (OrderRow invoice : invoices) {
            if (invoice.customerId() != null
                    && !invoice.customerId().isBlank()
                    && invoice.status() == OrderStatus.COMPLETED) {
                byCustomer
                        .computeIfAbsent(invoice.customerId(), k -> new ArrayList<>())
                        .add(invoice);
            }
        }
        byCustomer.forEach(
                (customer, own) -> {
                    if (Math.floorMod(customer.hashCode(), 4) != 0) {
                        return;
                    }
                    own.sort(Comparator.comparing(OrderRow::createdAt));
                    Instant issued = own.get(0).createdAt().plus(Duration.ofHours(1));
                    Instant expires = issued.plus(Duration.ofDays(14));
                    String couponId = "cpn-" + customer;
                    OrderRow user =
                            own.stream()
                                    .filter(
                                            o ->
                                                    o.createdAt().isAfter(issued)
                                                            && o.createdAt().isBefore(expires))
                                    .findFirst()
                                    .orElse(null);
                    String redeemedBy = null;
                    if (user != null) {
                        byId.put(user.orderId(), withCampaign(user, "retail-winter", couponId));
                        if (Math.floorMod(customer.hashCode(), 8) == 0) {
                            redeemedBy = user.orderId();
                        }
                    }
                    coupons.add(
                            new CouponRow(
                                    couponId,
                                    customer,
                                    "retail-winter",
                                    issued,
                                    expires,
                                    redeemedBy));
                });
        return invoices.stream().map(o -> byId.get(o.orderId())).toList();
    }

    private static OrderRow withCampaign(OrderRow o, String campaign, String coupon) {
        return new OrderRow(
                o.orderId(),
                o.customerId(),
                o.status(),
                o.totalAmount(),
                o.currency(),
                o.channel(),
                o.region(),
                campaign,
                coupon,
                o.createdAt(),
                o.paidAt(),
                o.shippedAt(),
                o.deliveredAt(),
                o.promisedDeliveryAt(),
                o.cancelledAt(),
                o.refundedAmount(),
                o.customerPhone(),
                o.customerEmail(),
                o.updatedAt(),
                null,
                null,
                null);
    }
}
