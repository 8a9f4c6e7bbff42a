package dev.repurchase.cli.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.debezium.ShopOrder.Line;
import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.jobs.RepurchaseJob;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.sink.SchemaInstaller;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real Debezium end to end: the PostgreSQL connector (embedded engine, {@code pgoutput})
 * captures an order system's tables — a snapshot of a year of orders, then payments, a shipment, a
 * refund after the fact, changed lines, new orders and a purged order streamed from the WAL — into
 * the CDC topics of the in-process Kafka broker; the job reads them to their end on a local
 * MiniCluster. The contract tables must equal what the batch SQL of {@code sql/} computes from the
 * order system's final tables.
 *
 * <p>Needs {@code wal_level = logical} on the PostgreSQL server ({@code .ci/run} sets it).
 */
class DebeziumEngineITCase {

    private static final int PARALLELISM = 2;
    private static final String TIMEZONE = "Asia/Shanghai";
    private static final Duration CAPTURE_TIMEOUT = Duration.ofSeconds(30);

    // The story's customers and moments, apart from the generated history.
    private static final OffsetDateTime ALICE_FIRST = at("2025-01-10T08:15:00Z");
    private static final OffsetDateTime ALICE_SECOND = at("2025-03-02T12:40:00Z");
    private static final OffsetDateTime CAROL_PAID = at("2025-02-14T19:05:00Z");
    private static final OffsetDateTime BOB_CHECKOUT = at("2025-04-01T15:59:30Z");
    private static final OffsetDateTime DAVE_CHECKOUT = at("2025-05-05T10:00:00Z");
    private static final OffsetDateTime LATER = at("2025-06-01T09:00:00Z");

    private EmbeddedKafka kafka;
    private final List<String> schemas = new ArrayList<>();
    private OrderSystem shop;

    @BeforeEach
    void startKafkaAndTheOrderSystem() throws Exception {
        assertThat(walLevel())
                .as("PostgreSQL wal_level (Debezium needs logical decoding; see .ci/run)")
                .isEqualTo("logical");
        kafka = EmbeddedKafka.start();
        kafka.createTopics(
                PARALLELISM,
                PipelineOptions.ORDERS_TOPIC.defaultValue(),
                PipelineOptions.ORDER_ITEMS_TOPIC.defaultValue(),
                PipelineOptions.DEAD_LETTER_TOPIC.defaultValue());
        shop = new OrderSystem(schema("shop"));
        shop.createTables();
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            for (String schema : schemas) {
                TestPostgres.dropSchema(schema);
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void streamOfTheDebeziumEngineEqualsTheBatchSql() throws Exception {
        int snapshotRows = shop.place(history());

        try (DebeziumRelay debezium =
                DebeziumRelay.start(shop.schema(), kafka.bootstrapServers())) {
            debezium.awaitEvents(snapshotRows, CAPTURE_TIMEOUT);
            int changedRows = 0;
            changedRows += shop.changeQuantity("o-bob-1", 1, 3, BOB_CHECKOUT.plusMinutes(1));
            changedRows += shop.pay("o-bob-1", BOB_CHECKOUT.plusMinutes(2));
            changedRows += shop.ship("o-carol-1", CAROL_PAID.plusDays(1));
            changedRows += shop.place(List.of(aliceThirdOrder(), erinFirstOrder()));
            // Alice's first order is refunded after her second and third: they move up a place.
            changedRows += shop.refund("o-alice-1", LATER.plusDays(2));
            changedRows += shop.delete("o-dave-1");
            debezium.awaitEvents(snapshotRows + changedRows, CAPTURE_TIMEOUT);

            assertThat(debezium.events()).isEqualTo(snapshotRows + changedRows);
            assertThat(debezium.eventsByTopicAndOp())
                    .containsKeys(
                            "orders r",
                            "orders c",
                            "orders u",
                            "orders d",
                            "order_items r",
                            "order_items c",
                            "order_items u",
                            "order_items d");
        }

        String streamSchema = schema("stream");
        runTheJobToTheEndOfTheTopics(streamSchema);
        String batchSchema = schema("batch");
        computeTheBatchSqlOverTheSourceTables(batchSchema);

        ContractTables.assertSame(streamSchema, batchSchema);
    }

    /** The generated year plus the orders the story changes while Debezium streams. */
    private static List<ShopOrder> history() {
        List<ShopOrder> orders = new ArrayList<>(ShopHistory.generate(20261126L));
        orders.add(
                ShopOrder.paid(
                        "o-alice-1",
                        "c-alice",
                        "COMPLETED",
                        ALICE_FIRST,
                        "app",
                        "east",
                        "new-year",
                        List.of(line("beans-ethiopia-250g", "coffee", 2, "89.00"))));
        orders.add(
                ShopOrder.paid(
                        "o-alice-2",
                        "c-alice",
                        "DELIVERED",
                        ALICE_SECOND,
                        "app",
                        "east",
                        null,
                        List.of(
                                line("beans-colombia-250g", "coffee", 1, "75.50"),
                                line("mug-white", "mugs", 2, "29.90"))));
        orders.add(
                ShopOrder.paid(
                        "o-carol-1",
                        "c-carol",
                        "PAID",
                        CAROL_PAID.minusMinutes(3),
                        "web",
                        "south",
                        null,
                        List.of(line("oolong-100g", "tea", 2, "45.00"))));
        orders.add(
                ShopOrder.pending(
                        "o-bob-1",
                        "c-bob",
                        BOB_CHECKOUT,
                        "mini-program",
                        "north",
                        List.of(
                                line("green-tea-100g", "tea", 1, "38.00"),
                                line("butter-cookies", "snacks", 2, "12.90"))));
        orders.add(
                ShopOrder.pending(
                        "o-dave-1",
                        "c-dave",
                        DAVE_CHECKOUT,
                        "web",
                        "west",
                        List.of(line("drip-bags-10", "coffee", 4, "39.90"))));
        return orders;
    }

    private static ShopOrder aliceThirdOrder() {
        return ShopOrder.paid(
                "o-alice-3",
                "c-alice",
                "PAID",
                LATER,
                "app",
                "east",
                null,
                List.of(line("beans-ethiopia-250g", "coffee", 1, "89.00")));
    }

    private static ShopOrder erinFirstOrder() {
        return ShopOrder.paid(
                "o-erin-1",
                "c-erin",
                "PAID",
                LATER.plusHours(5),
                "store",
                "west",
                "summer-tasting",
                List.of(
                        line("mixed-nuts", "snacks", 1, "25.00"),
                        line("paper-filters-100", "filters", 3, "9.90")));
    }

    /** The job, bounded: it reads the CDC topics up to their end offsets at start, then ends. */
    private void runTheJobToTheEndOfTheTopics(String sinkSchema) throws Exception {
        Configuration config = new Configuration();
        config.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(sinkSchema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, PARALLELISM);
        config.set(RepurchaseOptions.TIMEZONE, TIMEZONE);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(PARALLELISM, config);
        RepurchaseJob.build(env, config, true);
        env.execute("Debezium end to end");
    }

    /**
     * The reference: the order system's final tables copied into the batch inputs, then the batch
     * SQL with the job's settings (the time zone; every other option at its default).
     */
    private void computeTheBatchSqlOverTheSourceTables(String batchSchema) throws Exception {
        try (Connection c = TestPostgres.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + batchSchema);
            }
            SchemaInstaller.runScript(c, "sql/099_batch_inputs.sql");
            SchemaInstaller.install(c);
            try (Statement s = c.createStatement()) {
                String orderColumns =
                        "order_id, customer_id, status, total_amount, currency, channel, region,"
                                + " campaign_id, coupon_id, created_at, paid_at, shipped_at,"
                                + " delivered_at, promised_delivery_at, cancelled_at,"
                                + " refunded_amount, customer_phone, customer_email, updated_at";
                s.execute(
                        "INSERT INTO orders ("
                                + orderColumns
                                + ") SELECT "
                                + orderColumns
                                + " FROM "
                                + shop.schema()
                                + ".orders");
                String itemColumns = "order_id, line_no, sku, category, quantity, unit_price";
                s.execute(
                        "INSERT INTO order_items ("
                                + itemColumns
                                + ") SELECT "
                                + itemColumns
                                + " FROM "
                                + shop.schema()
                                + ".order_items");
            }
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO batch_settings (timezone) VALUES (?)")) {
                s.setString(1, TIMEZONE);
                s.executeUpdate();
            }
            SchemaInstaller.runScript(c, "sql/100_batch_metrics.sql");
        }
    }

    private String schema(String prefix) throws Exception {
        String schema = TestPostgres.createSchema(prefix);
        schemas.add(schema);
        return schema;
    }

    private static String walLevel() throws Exception {
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SHOW wal_level")) {
            r.next();
            return r.getString(1);
        }
    }

    private static Line line(String sku, String category, int quantity, String unitPrice) {
        return new Line(sku, category, quantity, new BigDecimal(unitPrice));
    }

    private static OffsetDateTime at(String instant) {
        return OffsetDateTime.parse(instant).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
