package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repurchase.cli.generator.OrderTraffic;
import dev.repurchase.cli.generator.ShopProfile;
import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.cli.testing.TestReplays;
import dev.repurchase.cli.testing.TestSchemas;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.testing.CommittedMessages;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The order alerts of SPEC 4.2 on a simulated shop's quarter (unpaid orders that lapse, orders
 * cancelled before or after their payment deadline, a warehouse backlog that ships late, couriers
 * that deliver after the promise, refunds before shipping): replayed through Kafka, the job on a
 * MiniCluster and PostgreSQL, {@code order_alert} must equal the batch SQL's ({@code
 * sql/110_batch_alerts.sql}), whatever the arrival order, duplicates or failures, and a
 * read_committed consumer of {@code order-alerts} must see each SENT alert once and nothing else.
 *
 * <p>Alerts due before February are SUPPRESSED; event time ends with the quarter.
 */
class OrderAlertsReplayITCase {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2025-04-01T00:00:00Z");
    private static final Instant SUPPRESS_BEFORE = Instant.parse("2025-02-01T00:00:00Z");
    private static final int FAILURES = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TestSchemas schemas = new TestSchemas();
    private static OrderHistory history;
    private static String batch;

    /** What a replay left: its schema and the alert messages a read_committed consumer read. */
    private record Run(String schema, List<JsonNode> messages, HistoryReplay.Result result) {}

    @BeforeAll
    static void computeTheBatch() throws Exception {
        history = OrderTraffic.generate(ShopProfile.demo(400, START, END, 13)).history();
        batch = schemas.create("alerts_batch");
        BatchReference.compute(batch, history, config(batch));
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        schemas.close();
    }

    private static Configuration config(String schema) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(schema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        config.setString("reminders.suppress-before", SUPPRESS_BEFORE.toString());
        config.setString("time.end", END.toString());
        return config;
    }

    private static Run replay(Iterable<ChangeEvent> events, String schema, Configuration options)
            throws Exception {
        Configuration config = config(schema);
        config.addAll(options);
        return TestReplays.replay(
                config,
                events,
                (kafka, result) -> {
                    List<JsonNode> messages = new ArrayList<>();
                    for (var record :
                            CommittedMessages.readAll(
                                    kafka.bootstrapServers(),
                                    config.get(PipelineOptions.ORDER_ALERTS_TOPIC))) {
                        JsonNode message = JSON.readTree(record.value());
                        assertThat(record.key()).isEqualTo(message.get("order_id").asText());
                        messages.add(message);
                    }
                    return new Run(schema, messages, result);
                });
    }

    @Test
    void theAlertsEqualTheBatchSqlAndEachSentOneIsDeliveredOnce() throws Exception {
        Run run =
                replay(
                        DebeziumChangeFeed.of(history),
                        schemas.create("alerts_stream"),
                        new Configuration());

        // Every alert and both statuses: a test without them proves nothing.
        assertThat(rows(batch, "SELECT type || ' ' || status FROM order_alert"))
                .containsExactlyInAnyOrder(
                        "DELIVERY_LATE SENT",
                        "DELIVERY_LATE SUPPRESSED",
                        "PAYMENT_DUE SENT",
                        "PAYMENT_DUE SUPPRESSED",
                        "SHIP_LATE SENT",
                        "SHIP_LATE SUPPRESSED");
        ContractTables.assertSameAlerts(run.schema(), batch);
        assertDeliveredOnce(run);
        assertThat(run.messages())
                .allSatisfy(
                        message ->
                                assertThat(iterable(message.fieldNames()))
                                        .containsExactly(
                                                "alert_id",
                                                "type",
                                                "order_id",
                                                "customer_id",
                                                "due_at"));
    }

    @Test
    void shuffledAndDuplicatedChangesGiveTheSameAlerts() throws Exception {
        List<ChangeEvent> shuffled =
                TestReplays.shuffledTwice(DebeziumChangeFeed.of(history), 20261206);

        Run run = replay(shuffled, schemas.create("alerts_shuffled"), TestReplays.readInAnyOrder());

        ContractTables.assertSameAlerts(run.schema(), batch);
        assertDeliveredOnce(run);
    }

    @Test
    void injectedFailuresGiveTheSameAlertsEachDeliveredOnce() throws Exception {
        Configuration options =
                TestReplays.withFailures(FAILURES, 20261206L, Duration.ofSeconds(1));

        Run run = replay(DebeziumChangeFeed.of(history), schemas.create("alerts_failed"), options);

        assertThat(run.result().injectedFailures()).isEqualTo(FAILURES);
        ContractTables.assertSameAlerts(run.schema(), batch);
        assertDeliveredOnce(run);
    }

    /** The consumer read each SENT alert of the table once, and nothing else. */
    private static void assertDeliveredOnce(Run run) throws Exception {
        List<String> delivered =
                run.messages().stream().map(m -> m.get("alert_id").asText()).toList();
        assertThat(delivered).isNotEmpty().doesNotHaveDuplicates();
        assertThat(new HashSet<>(delivered))
                .isEqualTo(
                        rows(
                                run.schema(),
                                "SELECT alert_id FROM order_alert WHERE status = 'SENT'"));
    }

    private static Set<String> rows(String schema, String sql) throws Exception {
        Set<String> rows = new TreeSet<>();
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            try (ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    rows.add(r.getString(1));
                }
            }
        }
        return rows;
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}
