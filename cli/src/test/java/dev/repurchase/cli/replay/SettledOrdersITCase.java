package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.jobs.config.IngestOptions;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.testing.CommittedMessages;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.TestPostgres;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Orders settle (SPEC 1, {@code ingest.settle-days}, here 10 days). Two months of the Online Retail
 * history with its changes after the fact ({@link RefundedOnlineRetail}: refunds 3 to 42 days after
 * delivery, so most come after the order settled; duplicates; business time zone Asia/Shanghai),
 * plus a change of one line of an early order a day after it settled, in the middle of the history.
 *
 * <p>The contract tables must equal what the batch SQL computes from the history without that line
 * change: the batch SQL knows nothing of settling, and needs nothing of it but dropping such line
 * changes, since a later change of an order's row applies exactly. The line change must be one dead
 * letter with reason {@code settled-order-lines}.
 */
class SettledOrdersITCase {

    private static final Path ONLINE_RETAIL = Path.of("../data/online_retail/online_retail.csv.gz");
    private static final Instant FROM = Instant.parse("2011-01-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2011-03-01T00:00:00Z");
    private static final int SETTLE_DAYS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String batchSchema;
    private static String streamSchema;
    private static OrderHistory history;
    private static ChangeEvent lineChange;
    private static List<JsonNode> deadLetters;

    @BeforeAll
    static void replayTheHistoryWithALateLineChange() throws Exception {
        history = RefundedOnlineRetail.read(ONLINE_RETAIL, FROM, UNTIL);
        batchSchema = TestPostgres.createSchema("settled_batch");
        streamSchema = TestPostgres.createSchema("settled_stream");

        List<ChangeEvent> events = new ArrayList<>(RefundedOnlineRetail.withDuplicates(history));
        // A day after the order settled, in the middle of the history: a replay reads it long
        // before event time gets there, so the order has not settled yet when it is read; it comes
        // after the settling all the same (SPEC 1), by its commit time.
        OrderRow order = firstCompletedOrderWithItems();
        Instant orderLastChange =
                events.stream()
                        .filter(e -> e.orderId().equals(order.orderId()))
                        .map(ChangeEvent::eventTime)
                        .max(Instant::compareTo)
                        .orElseThrow();
        lineChange = lineChangeAt(order, orderLastChange.plus(Duration.ofDays(SETTLE_DAYS + 1)));
        assertThat(lineChange.eventTime()).isBefore(UNTIL.minus(Duration.ofDays(30)));
        int at = 0;
        while (!events.get(at).eventTime().isAfter(lineChange.eventTime())) {
            at++;
        }
        events.add(at, lineChange);

        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(streamSchema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        config.set(RepurchaseOptions.TIMEZONE, "Asia/Shanghai");
        config.set(IngestOptions.SETTLE_DAYS, SETTLE_DAYS);
        // The reference: the history without the line change, no settling.
        BatchReference.compute(batchSchema, history, config);

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            new HistoryReplay(config, new PrintStream(OutputStream.nullOutputStream()))
                    .run(events, kafka);
            deadLetters = new ArrayList<>();
            for (ConsumerRecord<String, String> r :
                    CommittedMessages.readAll(
                            kafka.bootstrapServers(),
                            config.get(PipelineOptions.DEAD_LETTER_TOPIC))) {
                deadLetters.add(JSON.readTree(r.value()));
            }
        }
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        TestPostgres.dropSchema(batchSchema);
        TestPostgres.dropSchema(streamSchema);
    }

    @Test
    void theHistoryHasRefundsAfterTheSettleTime() {
        long late =
                history.orders().stream()
                        .filter(
                                o ->
                                        o.deliveredAt() != null
                                                && o.refundedAmount().signum() > 0
                                                && o.updatedAt()
                                                        .isAfter(
                                                                o.deliveredAt()
                                                                        .plus(
                                                                                Duration.ofDays(
                                                                                        SETTLE_DAYS))))
                        .count();
        assertThat(late).isGreaterThan(100);
    }

    @Test
    void contractTablesEqualTheBatchSqlOfTheHistoryWithoutTheLineChange() throws Exception {
        ContractTables.assertSame(streamSchema, batchSchema);
    }

    @Test
    void theLineChangeIsOneDeadLetterOfASettledOrder() {
        // Reports of late changes share the topic; they are not input that was refused.
        assertThat(deadLetters)
                .filteredOn(letter -> !letter.get("reason").asText().startsWith("late change"))
                .singleElement()
                .satisfies(
                        letter -> {
                            assertThat(letter.get("source_topic").asText())
                                    .isEqualTo(lineChange.topic());
                            assertThat(letter.get("reason").asText())
                                    .startsWith("settled-order-lines: ");
                            assertThat(letter.get("excerpt").asText())
                                    .contains("\"order_id\":\"" + lineChange.orderId() + "\"");
                        });
    }

    /** The earliest order completed (its last change within two weeks) that has lines. */
    private static OrderRow firstCompletedOrderWithItems() {
        return history.orders().stream()
                .filter(o -> o.status() == OrderStatus.COMPLETED && o.customerId() != null)
                .filter(
                        o ->
                                history.items().stream()
                                        .anyMatch(i -> i.orderId().equals(o.orderId())))
                .min(Comparator.comparing(OrderRow::createdAt))
                .orElseThrow();
    }

    /** Its first line with 500 times the quantity, committed {@code at}. */
    private static ChangeEvent lineChangeAt(OrderRow order, Instant at) {
        ItemRow line =
                history.items().stream()
                        .filter(i -> i.orderId().equals(order.orderId()))
                        .findFirst()
                        .orElseThrow();
        ItemRow changed =
                new ItemRow(
                        line.orderId(),
                        line.lineNo(),
                        line.sku(),
                        line.category(),
                        line.quantity() * 500,
                        line.unitPrice());
        return new ChangeEvent(
                DebeziumChangeFeed.Topics.DEFAULT.orderItems(),
                line.orderId(),
                DebeziumEnvelope.itemKey(line.orderId(), line.lineNo()),
                DebeziumEnvelope.change(
                        DebeziumEnvelope.ITEMS_TABLE,
                        DebeziumEnvelope.image(ItemRow.COLUMNS, line.values()),
                        DebeziumEnvelope.image(ItemRow.COLUMNS, changed.values()),
                        at,
                        1_000_000_000L,
                        1_000_000_000_000L),
                at);
    }
}
