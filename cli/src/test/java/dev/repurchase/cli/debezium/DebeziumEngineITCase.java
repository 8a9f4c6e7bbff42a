package dev.repurchase.cli.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.jobs.RepurchaseJob;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
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
                PipelineOptions.DEAD_LETTER_TOPIC.defaultValue(),
                PipelineOptions.REMINDERS_TOPIC.defaultValue(),
                PipelineOptions.LIFECYCLE_TOPIC.defaultValue(),
                PipelineOptions.ORDER_ALERTS_TOPIC.defaultValue());
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
        int snapshotRows = shop.place(ShopStory.history());

        try (DebeziumRelay debezium =
                DebeziumRelay.start(shop.schema(), kafka.bootstrapServers())) {
            debezium.awaitEvents(snapshotRows, CAPTURE_TIMEOUT);
            int changedRows = ShopStory.liveChanges(shop);
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
        // The job is bounded without time.end: its event time ends at the end of time, when every
        // interval has matured for the learned cycles.
        ShopStory.batchReference(
                shop, batchSchema, TIMEZONE, java.time.Instant.parse("9999-12-31T00:00:00Z"));

        ContractTables.assertSame(streamSchema, batchSchema);
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
}
