package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.ingest.RejectionClass;
import dev.repurchase.jobs.testing.CommittedMessages;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.RetainedCounters;
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
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input never stops the job and never loses valid data. Three months of the real Online Retail
 * history, plus a few odd but valid orders (a customer never seen before, an absurd but
 * representable amount, a negative total, a return line), go through Kafka interleaved with
 * thousands of bad messages of every kind on the orders and order_items topics: truncated or
 * invalid JSON, unknown op, missing key, wrong types, unknown status, absurd amounts and times, a
 * table the job does not know, and order lines whose order never comes.
 *
 * <p>The contract tables must equal what the batch SQL computes from the valid orders alone; the
 * dead-letter topic and {@code rejected_input} must hold exactly one entry per bad message, with
 * its source topic, partition and offset and the reason of its kind; the dead-letter counters must
 * count each by its reason class.
 */
class BadInputITCase {

    private static final Path ONLINE_RETAIL = Path.of("../data/online_retail/online_retail.csv.gz");
    private static final Instant FROM = Instant.parse("2011-01-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2011-04-01T00:00:00Z");
    private static final int BAD_MESSAGES = 3_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The Kafka coordinates of a message. */
    private record Source(String topic, int partition, long offset) {}

    /** A bad message, with the reason its dead letter must give and the class it counts in. */
    private record Bad(ChangeEvent event, String reason, RejectionClass rejection) {}

    private static String batchSchema;
    private static String streamSchema;
    private static List<Bad> bad;
    private static Map<Source, Bad> badBySource;
    private static List<JsonNode> deadLetters;
    private static Map<String, Long> deadLetterCounts;
    private static Duration replayTime;

    @BeforeAll
    static void replayTheHistoryWithBadMessagesInterleaved() throws Exception {
        OrderHistory real = OnlineRetail.read(ONLINE_RETAIL, FROM, UNTIL);
        OrderHistory valid = withOddButValidOrders(real);
        batchSchema = TestPostgres.createSchema("badinput_batch");
        streamSchema = TestPostgres.createSchema("badinput_stream");

        DebeziumChangeFeed feed = DebeziumChangeFeed.of(valid);
        bad = new ArrayList<>();
        List<ChangeEvent> events = interleave(feed, bad);

        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(streamSchema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        BatchReference.compute(batchSchema, valid, config);
        String metrics = RetainedCounters.addTo(config);

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            HistoryReplay.Result result =
                    new HistoryReplay(config, new PrintStream(OutputStream.nullOutputStream()))
                            .run(events, kafka);
            replayTime = result.elapsed();
            badBySource = locate(kafka.bootstrapServers(), bad);
            deadLetters = new ArrayList<>();
            for (ConsumerRecord<String, String> r :
                    CommittedMessages.readAll(
                            kafka.bootstrapServers(),
                            config.get(PipelineOptions.DEAD_LETTER_TOPIC))) {
                deadLetters.add(JSON.readTree(r.value()));
            }
        }
        deadLetterCounts = RetainedCounters.sum(metrics, "deadLetters", "<reason>");
        RetainedCounters.forget(metrics);
        System.out.printf(
                "BadInputITCase: %,d valid and %,d bad messages replayed in %s%n",
                feed.size(), bad.size(), replayTime);
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        TestPostgres.dropSchema(batchSchema);
        TestPostgres.dropSchema(streamSchema);
    }

    @Test
    void contractTablesEqualThoseOfTheValidOrdersAlone() throws Exception {
        ContractTables.assertSame(streamSchema, batchSchema);
    }

    @Test
    void theOddButValidOrdersCount() throws Exception {
        assertThat(
                        query(
                                "SELECT purchases FROM "
                                        + streamSchema
                                        + ".customer_profile WHERE customer_id IN"
                                        + " ('NEW-CUSTOMER-1', 'NEW-CUSTOMER-3')"))
                .containsExactly("1", "1");
    }

    @Test
    void everyKindOfBadMessageWasSentAndFoundOnItsTopic() {
        assertThat(bad).hasSizeGreaterThanOrEqualTo(BAD_MESSAGES * 9 / 10);
        assertThat(bad.stream().map(Bad::rejection).collect(Collectors.toSet()))
                .as("all but changes of settled orders' lines (SettledOrdersITCase)")
                .isEqualTo(
                        EnumSet.complementOf(
                                EnumSet.of(
                                        RejectionClass.OTHER, RejectionClass.SETTLED_ORDER_LINES)));
        assertThat(badBySource).hasSameSizeAs(bad);
    }

    @Test
    void theDeadLetterTopicHoldsOneMessagePerBadMessageWithItsSourceAndReason() {
        Map<Source, Integer> seen = new HashMap<>();
        for (JsonNode letter : deadLetters) {
            Source source =
                    new Source(
                            letter.get("source_topic").asText(),
                            letter.get("source_partition").asInt(),
                            letter.get("source_offset").asLong());
            seen.merge(source, 1, Integer::sum);
            Bad expected = badBySource.get(source);
            assertThat(expected)
                    .as("a dead letter of a message that was not bad: %s", letter)
                    .isNotNull();
            assertThat(letter.get("reason").asText()).contains(expected.reason());
            assertThat(letter.get("excerpt").asText().length()).isLessThanOrEqualTo(512);
        }
        assertThat(seen.values()).allMatch(n -> n == 1);
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(badBySource.keySet());
    }

    @Test
    void rejectedInputHoldsOneRowPerBadMessageWithItsSourceAndReason() throws Exception {
        Map<Source, String> rows = new HashMap<>();
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT source_topic, source_partition, source_offset, reason"
                                        + " FROM "
                                        + streamSchema
                                        + ".rejected_input")) {
            while (r.next()) {
                rows.put(new Source(r.getString(1), r.getInt(2), r.getLong(3)), r.getString(4));
            }
        }

        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(badBySource.keySet());
        rows.forEach(
                (source, reason) -> assertThat(reason).contains(badBySource.get(source).reason()));
    }

    @Test
    void deadLettersAreCountedByReasonClass() {
        Map<String, Long> expected = new TreeMap<>();
        for (RejectionClass c : RejectionClass.values()) {
            expected.put(c.label(), 0L);
        }
        for (Bad b : bad) {
            expected.merge(b.rejection().label(), 1L, Long::sum);
        }

        assertThat(deadLetterCounts).isEqualTo(expected);
    }

    // ---------------------------------------------------------------- the input

    /** The real history plus orders that look odd but are valid input. */
    private static OrderHistory withOddButValidOrders(OrderHistory real) {
        Instant at = Instant.parse("2011-02-10T12:00:00Z");
        List<OrderRow> orders = new ArrayList<>(real.orders());
        List<ItemRow> items = new ArrayList<>(real.items());
        // A customer nobody has seen: the order simply creates them.
        orders.add(order("ODD-1", "NEW-CUSTOMER-1", "42.50", at));
        items.add(new ItemRow("ODD-1", 1, "SKU-1", "giftware", 5, new BigDecimal("8.50")));
        // An absurd but representable amount: excluded as abnormal by the rules.
        orders.add(order("ODD-2", "NEW-CUSTOMER-2", "999999999.99", at.plusSeconds(60)));
        // A negative total: abnormal.
        orders.add(order("ODD-3", "12347", "-15.00", at.plusSeconds(120)));
        // A return line (negative quantity) in a valid order.
        orders.add(order("ODD-4", "NEW-CUSTOMER-3", "30.00", at.plusSeconds(180)));
        items.add(new ItemRow("ODD-4", 1, "SKU-2", "giftware", 4, new BigDecimal("10.00")));
        items.add(new ItemRow("ODD-4", 2, "SKU-2", "giftware", -1, new BigDecimal("10.00")));
        return new OrderHistory(orders, items);
    }

    private static OrderRow order(String id, String customer, String total, Instant at) {
        return new OrderRow(
                id,
                customer,
                OrderStatus.COMPLETED,
                new BigDecimal(total),
                "GBP",
                "online",
                "Atlantis",
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
                null,
                null,
                null,
                null);
    }

    /** One kind of bad message, made from the latest real message of its topic. */
    private record Kind(
            String reason,
            RejectionClass rejection,
            boolean onItems,
            BiFunction<ChangeEvent, Integer, String> make) {}

    private static final List<Kind> KINDS =
            List.of(
                    new Kind(
                            "truncated JSON",
                            RejectionClass.MALFORMED_JSON,
                            false,
                            (e, n) -> e.value().substring(0, e.value().length() / 2)),
                    new Kind(
                            "truncated JSON",
                            RejectionClass.MALFORMED_JSON,
                            true,
                            (e, n) -> e.value().substring(0, e.value().length() / 3)),
                    new Kind(
                            "invalid JSON",
                            RejectionClass.MALFORMED_JSON,
                            false,
                            (e, n) -> "this is not JSON, message " + n),
                    new Kind(
                            "not a JSON object",
                            RejectionClass.MALFORMED_JSON,
                            true,
                            (e, n) -> "[" + n + ", \"an array\"]"),
                    new Kind(
                            "unknown op 'x'",
                            RejectionClass.UNKNOWN_OP,
                            false,
                            (e, n) -> mutate(e, n, m -> m.put("op", "x"))),
                    new Kind(
                            "row change without op",
                            RejectionClass.UNKNOWN_OP,
                            false,
                            (e, n) -> mutate(e, n, m -> m.remove("op"))),
                    new Kind(
                            "missing order_id",
                            RejectionClass.MISSING_FIELD,
                            false,
                            (e, n) -> mutate(e, n, m -> after(m).remove("order_id"))),
                    new Kind(
                            "missing line_no",
                            RejectionClass.MISSING_FIELD,
                            true,
                            (e, n) -> mutate(e, n, m -> after(m).remove("line_no"))),
                    new Kind(
                            "missing after",
                            RejectionClass.MISSING_FIELD,
                            false,
                            (e, n) -> mutate(e, n, m -> m.putNull("after"))),
                    new Kind(
                            "column total_amount: not a decimal",
                            RejectionClass.WRONG_TYPE,
                            false,
                            (e, n) -> mutate(e, n, m -> after(m).put("total_amount", "twelve"))),
                    new Kind(
                            "column created_at: not a timestamp",
                            RejectionClass.WRONG_TYPE,
                            false,
                            (e, n) -> mutate(e, n, m -> after(m).put("created_at", "yesterday"))),
                    new Kind(
                            "column quantity: not a decimal: 'many'",
                            RejectionClass.WRONG_TYPE,
                            true,
                            (e, n) -> mutate(e, n, m -> after(m).put("quantity", "many"))),
                    new Kind(
                            "column status: unknown status 'ON_HOLD'",
                            RejectionClass.UNKNOWN_STATUS,
                            false,
                            (e, n) -> mutate(e, n, m -> after(m).put("status", "ON_HOLD"))),
                    new Kind(
                            "column total_amount: amount out of range",
                            RejectionClass.OUT_OF_RANGE,
                            false,
                            (e, n) -> mutate(e, n, m -> after(m).put("total_amount", "1e30"))),
                    new Kind(
                            "column quantity: out of range",
                            RejectionClass.OUT_OF_RANGE,
                            true,
                            (e, n) -> mutate(e, n, m -> after(m).put("quantity", 5_000_000_000L))),
                    new Kind(
                            "column paid_at: out of range: 9999",
                            RejectionClass.OUT_OF_RANGE,
                            false,
                            (e, n) ->
                                    mutate(
                                            e,
                                            n,
                                            m -> after(m).put("paid_at", "9999-12-31T23:59:59Z"))),
                    new Kind(
                            "column created_at: out of range: 1969",
                            RejectionClass.OUT_OF_RANGE,
                            false,
                            (e, n) ->
                                    mutate(
                                            e,
                                            n,
                                            m ->
                                                    after(m).put(
                                                                    "created_at",
                                                                    "1969-12-31T23:59:59Z"))),
                    new Kind(
                            "commit time: out of range",
                            RejectionClass.OUT_OF_RANGE,
                            false,
                            (e, n) ->
                                    mutate(
                                            e,
                                            n,
                                            m ->
                                                    ((ObjectNode) m.get("source"))
                                                            .put("ts_ms", 253402300799000L))),
                    new Kind(
                            "unknown table 'payments'",
                            RejectionClass.UNKNOWN_TABLE,
                            false,
                            (e, n) ->
                                    mutate(
                                            e,
                                            n,
                                            m ->
                                                    ((ObjectNode) m.get("source"))
                                                            .put("table", "payments"))),
                    new Kind(
                            "order line without its order",
                            RejectionClass.ORPHAN_LINE,
                            true,
                            (e, n) -> orphanLine(e, n)));

    /**
     * The feed with a bad message after every few real ones, each made from the latest real message
     * of its topic (so it goes to that order's partition).
     */
    private static List<ChangeEvent> interleave(DebeziumChangeFeed feed, List<Bad> bad) {
        int every = Math.max(1, feed.size() / BAD_MESSAGES);
        // Orphan lines must wait out the grace (7 days) before the history ends.
        Instant orphansUntil = feed.latestEventTime().minus(Duration.ofDays(10));
        List<ChangeEvent> events = new ArrayList<>(feed.size() + feed.size() / every + 1);
        Set<String> values = new HashSet<>();
        ChangeEvent lastOrder = null;
        ChangeEvent lastItem = null;
        int n = 0;
        int kind = 0;
        for (ChangeEvent event : feed) {
            events.add(event);
            if (event.topic().equals(DebeziumChangeFeed.Topics.DEFAULT.orders())) {
                lastOrder = event;
            } else {
                lastItem = event;
            }
            if (++n % every != 0 || lastOrder == null || lastItem == null) {
                continue;
            }
            Kind k = KINDS.get(kind++ % KINDS.size());
            ChangeEvent from = k.onItems() ? lastItem : lastOrder;
            if (k.rejection() == RejectionClass.ORPHAN_LINE
                    && from.eventTime().isAfter(orphansUntil)) {
                continue;
            }
            String value = k.make().apply(from, n);
            if (!values.add(value)) {
                continue;
            }
            String orderId =
                    k.rejection() == RejectionClass.ORPHAN_LINE ? "ORPHAN-" + n : from.orderId();
            ChangeEvent badEvent =
                    new ChangeEvent(from.topic(), orderId, from.key(), value, from.eventTime());
            events.add(badEvent);
            bad.add(new Bad(badEvent, k.reason(), k.rejection()));
        }
        return events;
    }

    /** The message with a later log position (so it would win if accepted), then changed. */
    private static String mutate(
            ChangeEvent event, int n, java.util.function.Consumer<ObjectNode> change) {
        try {
            ObjectNode message = (ObjectNode) JSON.readTree(event.value());
            ((ObjectNode) message.get("source")).put("lsn", 1_000_000_000_000L + n);
            change.accept(message);
            return JSON.writeValueAsString(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode after(ObjectNode message) {
        return (ObjectNode) message.get("after");
    }

    /** A valid line of an order that never comes. */
    private static String orphanLine(ChangeEvent item, int n) {
        return mutate(item, n, m -> after(m).put("order_id", "ORPHAN-" + n).put("line_no", 1));
    }

    // ---------------------------------------------------------------- reading the results

    /** Where each bad message landed: its topic, partition and offset, read back from Kafka. */
    private static Map<Source, Bad> locate(String bootstrapServers, List<Bad> bad) {
        Map<String, Bad> byValue = new HashMap<>();
        for (Bad b : bad) {
            byValue.put(b.event().topic() + "\n" + b.event().value(), b);
        }
        Map<Source, Bad> located = new HashMap<>();
        for (String topic :
                List.of(
                        DebeziumChangeFeed.Topics.DEFAULT.orders(),
                        DebeziumChangeFeed.Topics.DEFAULT.orderItems())) {
            for (ConsumerRecord<String, String> r :
                    CommittedMessages.readAll(bootstrapServers, topic)) {
                Bad b = byValue.get(topic + "\n" + r.value());
                if (b != null) {
                    located.put(new Source(topic, r.partition(), r.offset()), b);
                }
            }
        }
        return located;
    }

    private static List<String> query(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }
}
