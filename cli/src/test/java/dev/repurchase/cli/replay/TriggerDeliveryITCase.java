package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.testing.CommittedMessages;
import dev.repurchase.jobs.testing.TestPostgres;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Online Retail history through the pipeline with its triggers sent (suppression off): the
 * reminders a read_committed consumer sees must be exactly those that the orders themselves call
 * for, worked out here independently of the job from SPEC section 4.
 *
 * <p>Settings that keep the independent computation small: no bulk or amount limits (a valid
 * purchase is then a COMPLETED invoice of a known customer with a positive net), learned category
 * cycles off (min-samples out of reach), so the cycle is the customer's own lower median from 3
 * purchases on, else cycles.default = 30 days; lead 5, grace 10 days.
 */
class TriggerDeliveryITCase {

    private static final Path ONLINE_RETAIL = Path.of("../data/online_retail/online_retail.csv.gz");
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final int DEFAULT_CYCLE = 30;
    private static final int LEAD = 5;
    private static final int GRACE = 10;

    private static OrderHistory history;
    private static Instant asOf;
    private static List<JsonNode> reminders;
    private static String schema;

    @BeforeAll
    static void replayWithTriggersSent() throws Exception {
        history = OnlineRetail.read(ONLINE_RETAIL);
        DebeziumChangeFeed feed = DebeziumChangeFeed.of(history);
        asOf = feed.latestEventTime();
        schema = TestPostgres.createSchema("triggers");
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(schema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        config.setString("rules.bulk-max-quantity", String.valueOf(Long.MAX_VALUE));
        config.setString("rules.bulk-max-amount", "1000000000");
        config.setString("rules.max-order-amount", "1000000000");
        config.setString("reminders.min-samples", String.valueOf(Integer.MAX_VALUE));
        config.setString("reminders.suppress-before", "2000-01-01T00:00:00Z");
        config.setString("cycles.default", String.valueOf(DEFAULT_CYCLE));
        config.setString("reminders.lead-days", String.valueOf(LEAD));
        config.setString("reminders.grace-days", String.valueOf(GRACE));
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            new HistoryReplay(config, new PrintStream(OutputStream.nullOutputStream()))
                    .run(feed, kafka);
            ObjectMapper json = new ObjectMapper();
            reminders = new ArrayList<>();
            for (ConsumerRecord<String, String> r :
                    CommittedMessages.readAll(kafka.bootstrapServers(), "reminders")) {
                reminders.add(json.readTree(r.value()));
            }
        }
    }

    @AfterAll
    static void dropSchema() throws Exception {
        TestPostgres.dropSchema(schema);
    }

    @Test
    void noTriggerIdIsDeliveredTwice() {
        List<String> ids = reminders.stream().map(r -> r.get("trigger_id").asText()).toList();

        assertThat(ids).isNotEmpty().doesNotHaveDuplicates();
    }

    @Test
    void replenishRemindersAreExactlyThoseTheOrdersCallFor() {
        assertSameTriggers(sent("REPLENISH_REMINDER"), expected(-LEAD));
    }

    @Test
    void overdueFollowUpsAreExactlyThoseTheOrdersCallFor() {
        assertSameTriggers(sent("OVERDUE_FOLLOW_UP"), expected(GRACE));
    }

    private static void assertSameTriggers(Set<String> sent, Set<String> expected) {
        assertThat(expected).as("triggers the orders call for").isNotEmpty();
        assertThat(difference(expected, sent)).as("called for but not sent").isEmpty();
        assertThat(difference(sent, expected)).as("sent but not called for").isEmpty();
    }

    private static List<String> difference(Set<String> a, Set<String> b) {
        return a.stream().filter(x -> !b.contains(x)).limit(20).toList();
    }

    @Test
    void noReminderForACustomerWhoBoughtBeforeItWasDue() {
        Map<String, List<Long>> purchases = validPurchaseTimes();
        for (JsonNode r : reminders) {
            long last = Instant.parse(r.get("last_purchase_at").asText()).toEpochMilli();
            long due = Instant.parse(r.get("due_at").asText()).toEpochMilli();
            assertThat(purchases.get(r.get("customer_id").asText()))
                    .as("purchases of %s between %s and %s", r.get("customer_id"), last, due)
                    .noneMatch(t -> t > last && t <= due);
        }
    }

    private Set<String> sent(String type) {
        return reminders.stream()
                .filter(r -> r.get("type").asText().equals(type))
                .map(
                        r ->
                                r.get("customer_id").asText()
                                        + " "
                                        + r.get("last_purchase_at").asText()
                                        + " "
                                        + r.get("due_at").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * For every valid purchase p_i of a customer: the trigger due at p_i + cycle_i + offset days is
     * sent if it is due after p_i, at or before the end of the history, and before the next
     * purchase (a purchase at or before the due time cancels it).
     */
    private static Set<String> expected(int offsetDays) {
        Set<String> expected = new TreeSet<>();
        validPurchaseTimes()
                .forEach(
                        (customer, times) -> {
                            for (int i = 0; i < times.size(); i++) {
                                long last = times.get(i);
                                long due =
                                        last
                                                + (cycleDays(times.subList(0, i + 1)) + offsetDays)
                                                        * DAY;
                                boolean cancelled = i + 1 < times.size() && times.get(i + 1) <= due;
                                if (due > last && due <= asOf.toEpochMilli() && !cancelled) {
                                    expected.add(
                                            customer
                                                    + " "
                                                    + Instant.ofEpochMilli(last)
                                                    + " "
                                                    + Instant.ofEpochMilli(due));
                                }
                            }
                        });
        return expected;
    }

    /** The lower median of the whole-day intervals from 3 purchases on, else the default. */
    private static long cycleDays(List<Long> sequence) {
        if (sequence.size() < 3) {
            return DEFAULT_CYCLE;
        }
        long[] days = new long[sequence.size() - 1];
        for (int i = 1; i < sequence.size(); i++) {
            days[i - 1] = Math.floorDiv(sequence.get(i) - sequence.get(i - 1), DAY);
        }
        Arrays.sort(days);
        return Math.max(1, days[(days.length + 1) / 2 - 1]);
    }

    /** Valid purchase times per customer, in sequence order (time, then order id). */
    private static Map<String, List<Long>> validPurchaseTimes() {
        return history.orders().stream()
                .filter(o -> o.status() == OrderStatus.COMPLETED)
                .filter(o -> o.customerId() != null && !o.customerId().isEmpty())
                .filter(o -> o.totalAmount().subtract(o.refundedAmount()).signum() > 0)
                .sorted(
                        Comparator.comparing(
                                        (OrderRow o) ->
                                                o.paidAt() != null ? o.paidAt() : o.createdAt())
                                .thenComparing(OrderRow::orderId))
                .collect(
                        Collectors.groupingBy(
                                OrderRow::customerId,
                                Collectors.mapping(
                                        o ->
                                                (o.paidAt() != null ? o.paidAt() : o.createdAt())
                                                        .toEpochMilli(),
                                        Collectors.toList())));
    }
}
