package dev.repurchase.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.metric.PriceBands;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderLine;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.period.BusinessCalendar;
import dev.repurchase.common.period.PeriodType;
import dev.repurchase.common.rules.PurchaseRules;
import dev.repurchase.jobs.abuse.FlashSales;
import dev.repurchase.jobs.state.OrderChangeSerializer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Orders settle (SPEC 1): {@code ingest.settle-days} after its last change an order keeps only what
 * a later change of its row needs. Each story runs twice, in an order versions that settles after
 * 120 days and in one that never does within the story: a later change of the row gives the same
 * output in both; a later change of a line is a dead letter and changes nothing.
 */
class OrderSettlingTest {

    private static final Instant PAID = Instant.parse("2025-01-05T10:00:00Z");

    /** Past the settle time of an order last changed a second after PAID. */
    private static final Instant SETTLED = PAID.plus(Duration.ofDays(130));

    private static final Duration SETTLE = Duration.ofDays(120);
    private static final Duration NEVER = Duration.ofDays(100_000);

    /** Bulk above 100 items. */
    private static final PurchaseRules RULES =
            new PurchaseRules(new BigDecimal("100000"), 100, new BigDecimal("50000"), Set.of());

    private static final MetricSettings MONTHLY =
            new MetricSettings(
                    new BusinessCalendar("UTC"),
                    List.of(PeriodType.MONTH),
                    new PriceBands(List.of(BigDecimal.ZERO)));

    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final Shop settling = new Shop();
    private final Shop keeping = new Shop();

    @AfterEach
    void tearDown() throws Exception {
        for (Shop shop : List.of(settling, keeping)) {
            if (shop.harness != null) {
                shop.harness.close();
            }
        }
    }

    /** One order versions and the story told to it. */
    private static final class Shop {
        KeyedOneInputStreamOperatorTestHarness<String, OrderChange, PurchaseChange> harness;
        private Order row;
        private long offset;

        void start(Duration settleAfter, Set<AlertType> alerts) throws Exception {
            harness =
                    new KeyedOneInputStreamOperatorTestHarness<>(
                            new OrderVersionsOperator(
                                    new OrderVersions(
                                            RULES,
                                            MONTHLY,
                                            Duration.ofDays(7),
                                            Duration.ofDays(365),
                                            Long.MAX_VALUE,
                                            settleAfter,
                                            new AlertSettings(
                                                    24 * HOUR,
                                                    2 * HOUR,
                                                    48 * HOUR,
                                                    alerts.isEmpty()
                                                            ? EnumSet.noneOf(AlertType.class)
                                                            : EnumSet.copyOf(alerts)),
                                            Instant.EPOCH.toEpochMilli(),
                                            false,
                                            FlashSales.NONE)),
                            change -> change.orderId,
                            Types.STRING);
            harness.open();
        }

        /** Paid at PAID: 2 x tea at 15.00 and 1 x coffee at 60.00, a second later. */
        void paidWithLines() throws Exception {
            row = paidRow();
            commit(PAID, o -> {});
            line(PAID.plusSeconds(1), 1, "tea", 2, "15.00");
            line(PAID.plusSeconds(1), 2, "coffee", 1, "60.00");
        }

        void commit(Instant at, Consumer<Order> edit) throws Exception {
            Order next = copy(row);
            edit.accept(next);
            row = next;
            send(OrderChange.ofOrder(copy(next), false, position(at)).from("orders", 0, offset));
        }

        void line(Instant at, int lineNo, String category, long quantity, String unitPrice)
                throws Exception {
            send(lineVersion(at, ++offset, lineNo, category, quantity, unitPrice));
        }

        private SourcePosition position(Instant at) {
            return new SourcePosition(at.toEpochMilli(), ++offset, 0);
        }

        void send(OrderChange change) throws Exception {
            harness.processElement(new StreamRecord<>(change, change.position.commitMillis));
        }

        void eventTime(Instant at) throws Exception {
            harness.processWatermark(at.toEpochMilli());
        }

        List<PurchaseChange> purchaseChanges() {
            return harness.extractOutputValues();
        }

        List<MetricDelta> exclusions() {
            return values(OrderVersions.EXCLUSIONS);
        }

        List<DeadLetter> deadLetters() {
            return values(OrderVersions.LINE_DEAD_LETTERS);
        }

        List<String> alerts() {
            return values(OrderVersions.ALERTS).stream()
                    .map(a -> a.type + " at " + Instant.ofEpochMilli(a.dueAt) + " " + a.status)
                    .toList();
        }

        private <T> List<T> values(OutputTag<T> tag) {
            var emitted = harness.getSideOutput(tag);
            return emitted == null
                    ? List.of()
                    : emitted.stream().map(StreamRecord::getValue).toList();
        }

        OrderRecord record() throws Exception {
            KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
            backend.setCurrentKey("o1");
            return backend.getPartitionedState(
                            VoidNamespace.INSTANCE,
                            VoidNamespaceSerializer.INSTANCE,
                            OrderVersions.recordState())
                    .value();
        }

        private static Order copy(Order o) {
            Order c = new Order();
            c.orderId = o.orderId;
            c.customerId = o.customerId;
            c.status = o.status;
            c.totalCents = o.totalCents;
            c.refundedCents = o.refundedCents;
            c.createdAt = o.createdAt;
            c.paidAt = o.paidAt;
            c.shippedAt = o.shippedAt;
            c.deliveredAt = o.deliveredAt;
            c.cancelledAt = o.cancelledAt;
            return c;
        }
    }

    /** The row as paid at PAID, 90.00. */
    private static Order paidRow() {
        Order row = new Order();
        row.orderId = "o1";
        row.customerId = "alice";
        row.status = OrderStatus.PAID;
        row.totalCents = 9_000;
        row.createdAt = PAID.toEpochMilli();
        row.paidAt = PAID.toEpochMilli();
        return row;
    }

    private void both(ThrowingStep step) throws Exception {
        step.on(settling);
        step.on(keeping);
    }

    private interface ThrowingStep {
        void on(Shop shop) throws Exception;
    }

    private void start(Set<AlertType> alerts) throws Exception {
        settling.start(SETTLE, alerts);
        keeping.start(NEVER, alerts);
    }

    @Test
    void anOrderSettlesIntoItsRowPositionOutcomeAndLinesSummary() throws Exception {
        start(Set.of());
        both(Shop::paidWithLines);

        both(shop -> shop.eventTime(SETTLED));

        OrderRecord settled = settling.record();
        assertThat(settled.isSettled()).isTrue();
        assertThat(settled.order).isNull();
        assertThat(settled.outcome.purchase.primaryCategory).isEqualTo("coffee");
        assertThat(settled.decodeLines()).isEmpty();
        assertThat(settled.settledLines.quantity()).isEqualTo(3);
        assertThat(settled.settledLines.categories()).containsExactly("coffee", "tea");
        assertThat(settled.settledLines.primaryCategory()).isEqualTo("coffee");
        assertThat(keeping.record().isSettled()).isFalse();
        assertThat(keeping.record().order).isNotNull();
    }

    @Test
    void changesThatPushTheSettleTimeLaterRegisterNoTimerAndTheOrderSettlesAfterTheLast()
            throws Exception {
        settling.start(SETTLE, Set.of());
        settling.paidWithLines();
        assertThat(settling.harness.numEventTimeTimers()).isEqualTo(1);
        Instant delivered = PAID.plus(Duration.ofDays(40));
        settling.commit(PAID.plus(Duration.ofDays(3)), o -> o.status = OrderStatus.SHIPPED);
        settling.commit(delivered, o -> o.status = OrderStatus.DELIVERED);
        assertThat(settling.harness.numEventTimeTimers())
                .as("the timer of the first change stays; no new one per change")
                .isEqualTo(1);

        // The first settle time passes: the order has changed since, so it stays live.
        settling.eventTime(SETTLED);
        assertThat(settling.record().isSettled()).isFalse();
        assertThat(settling.harness.numEventTimeTimers()).isEqualTo(1);
        settling.eventTime(delivered.plus(SETTLE).minusMillis(1));
        assertThat(settling.record().isSettled()).isFalse();

        settling.eventTime(delivered.plus(SETTLE));
        assertThat(settling.record().isSettled()).isTrue();
        assertThat(settling.harness.numEventTimeTimers()).isZero();
    }

    @Test
    void refundsAfterSettlementTellTheSameAsWithoutSettling() throws Exception {
        start(Set.of());
        both(Shop::paidWithLines);
        both(shop -> shop.eventTime(SETTLED));
        assertThat(settling.record().isSettled()).isTrue();
        int before = settling.purchaseChanges().size();

        both(
                shop ->
                        shop.commit(
                                SETTLED.plus(Duration.ofDays(1)),
                                o -> {
                                    o.status = OrderStatus.PARTIALLY_REFUNDED;
                                    o.refundedCents = 3_000;
                                }));
        both(shop -> shop.eventTime(SETTLED.plus(Duration.ofDays(200))));
        both(
                shop ->
                        shop.commit(
                                SETTLED.plus(Duration.ofDays(201)),
                                o -> {
                                    o.status = OrderStatus.REFUNDED;
                                    o.refundedCents = 9_000;
                                }));

        assertThat(settling.purchaseChanges())
                .as("the partial refund updates the purchase, the full one removes it")
                .hasSize(before + 2);
        assertThat(settling.purchaseChanges().get(before).purchase.netCents).isEqualTo(6_000);
        assertThat(settling.purchaseChanges().get(before).purchase.primaryCategory)
                .isEqualTo("coffee");
        assertThat(settling.purchaseChanges().get(before).purchase.categories)
                .containsExactly("coffee", "tea");
        assertThat(settling.purchaseChanges())
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(keeping.purchaseChanges());
        assertThat(settling.exclusions()).isNotEmpty();
        assertThat(settling.exclusions())
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(keeping.exclusions());
    }

    @Test
    void aStaleChangeOfASettledOrderChangesNothing() throws Exception {
        settling.start(SETTLE, Set.of());
        settling.paidWithLines();
        settling.eventTime(SETTLED);
        OrderRecord settled = settling.record();

        // The payment again, as an at-least-once source may deliver it.
        settling.send(
                OrderChange.ofOrder(paidRow(), false, new SourcePosition(PAID.toEpochMilli(), 1, 0))
                        .from("orders", 0, 1));

        assertThat(settling.record()).usingRecursiveComparison().isEqualTo(settled);
        assertThat(settling.harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aStatusChangeAfterSettlementStillCountsTheLinesForBulk() throws Exception {
        start(Set.of());
        both(Shop::paidWithLines);
        both(shop -> shop.line(PAID.plusSeconds(2), 3, "tea", 99, "1.00"));
        both(shop -> shop.eventTime(SETTLED));

        both(
                shop ->
                        shop.commit(
                                SETTLED.plus(Duration.ofDays(1)),
                                o -> o.status = OrderStatus.DELIVERED));

        assertThat(settling.purchaseChanges())
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(keeping.purchaseChanges());
        assertThat(settling.exclusions())
                .as("102 items: bulk, before and after settling")
                .isNotEmpty()
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(keeping.exclusions());
    }

    @Test
    void aLineChangeAfterSettlementIsADeadLetterAndChangesNothing() throws Exception {
        settling.start(SETTLE, Set.of());
        settling.paidWithLines();
        settling.eventTime(SETTLED);
        int told = settling.purchaseChanges().size();
        byte[] lines = settling.record().lines;

        settling.line(SETTLED.plus(Duration.ofDays(1)), 2, "coffee", 500, "60.00");
        settling.line(SETTLED.plus(Duration.ofDays(1)), 7, "toys", 1, "99.00");

        assertThat(settling.purchaseChanges()).hasSize(told);
        assertThat(settling.exclusions()).isEmpty();
        assertThat(settling.record().lines).isEqualTo(lines);
        assertThat(settling.deadLetters())
                .extracting(d -> d.topic + "/" + d.partition + "/" + d.offset)
                .containsExactly("order_items/1/4", "order_items/1/5");
        assertThat(settling.deadLetters())
                .allSatisfy(
                        d -> {
                            assertThat(d.reason).startsWith("settled-order-lines: ");
                            assertThat(d.reason).contains("ingest.settle-days (120 d)");
                            assertThat(RejectionClass.of(d.reason))
                                    .isEqualTo(RejectionClass.SETTLED_ORDER_LINES);
                            assertThat(d.excerpt).contains("\"order_id\":\"o1\"");
                        });
    }

    @Test
    void alertsDueAfterTheOrderSettlesFireOnce() throws Exception {
        Duration settleAfter = Duration.ofHours(1);
        settling.start(settleAfter, EnumSet.allOf(AlertType.class));
        keeping.start(NEVER, EnumSet.allOf(AlertType.class));
        both(Shop::paidWithLines);

        // Settled an hour after its last change; its ship alert is due 48 h after payment.
        both(shop -> shop.eventTime(PAID.plus(Duration.ofHours(2))));
        assertThat(settling.record().isSettled()).isTrue();
        both(shop -> shop.eventTime(PAID.plus(Duration.ofDays(30))));

        assertThat(settling.alerts())
                .containsExactly("SHIP_LATE at " + PAID.plus(Duration.ofHours(48)) + " SENT")
                .containsExactlyElementsOf(keeping.alerts());
        assertThat(settling.harness.numEventTimeTimers()).isZero();
    }

    /**
     * Flink CDC's snapshot reads have no commit time (0): the order counts as changed at its row's
     * {@code updated_at}, not at the epoch, so it does not settle when the log begins, and a line
     * changed ten days after it applies.
     */
    @Test
    void aSnapshotReadWithoutCommitTimeCountsAsOfTheRowsUpdatedAt() throws Exception {
        settling.start(SETTLE, Set.of());
        Order row = paidRow();
        row.updatedAt = PAID.toEpochMilli();
        settling.send(
                OrderChange.ofOrder(row, false, new SourcePosition(0, 1, 0)).from("orders", 0, 1));
        settling.send(lineVersion(Instant.EPOCH, 2, 1, "tea", 2, "15.00"));
        settling.send(lineVersion(Instant.EPOCH, 3, 2, "coffee", 1, "60.00"));

        settling.send(lineVersion(day(10), 4, 2, "coffee", 2, "60.00"));
        settling.eventTime(day(20));

        assertThat(settling.deadLetters()).isEmpty();
        assertThat(settling.record().isSettled()).isFalse();
        assertThat(settling.record().decodeLines())
                .extracting(line -> line.lineNo + " x" + line.quantity)
                .containsExactly("1 x2", "2 x2");
        assertThat(settling.record().settleAt).isEqualTo(day(10).plus(SETTLE).toEpochMilli());
    }

    /**
     * What comes after the order settled is decided by commit times, not by how far event time had
     * got when a change was read. After the paid order and its lines (settle time day 120): shipped
     * on day 60 (settle time day 180); a new line on day 150, before it, applies (settle time day
     * 270); a partial refund on day 400, after it, applies to the settled order; a bulk quantity on
     * day 410, after it, is a dead letter. Read in every order while event time is behind them all,
     * and with event time past day 270 before the last two: the same outcome and dead letter.
     */
    @Test
    void whatComesAfterSettlingIsDecidedByCommitTimesWhateverTheOrderOfReading() throws Exception {
        OrderChange shipped =
                rowVersion(
                        day(60),
                        4,
                        o -> {
                            o.status = OrderStatus.SHIPPED;
                            o.shippedAt = day(60).toEpochMilli();
                        });
        OrderChange toys = lineVersion(day(150), 5, 3, "toys", 1, "99.00");
        OrderChange refund =
                rowVersion(
                        day(400),
                        6,
                        o -> {
                            o.status = OrderStatus.PARTIALLY_REFUNDED;
                            o.shippedAt = day(60).toEpochMilli();
                            o.refundedCents = 3_000;
                        });
        OrderChange bulk = lineVersion(day(410), 7, 2, "coffee", 500, "60.00");
        String expected = "6000 toys [coffee, tea, toys], dead letters [order_items/1/7]";

        Map<String, OrderChange> changes =
                Map.of("shipped", shipped, "toys", toys, "refund", refund, "bulk", bulk);

        List<String> told = new ArrayList<>();
        for (List<String> reading : permutations(List.of("shipped", "toys", "refund", "bulk"))) {
            told.add(
                    reading
                            + " -> "
                            + afterReading(reading.stream().map(changes::get).toList(), List.of()));
        }
        told.add(
                "event time past day 270 before the refund and the bulk line -> "
                        + afterReading(List.of(shipped, toys), List.of(refund, bulk)));

        assertThat(told).hasSize(25).allSatisfy(line -> assertThat(line).endsWith(expected));
    }

    /**
     * The paid order with its lines, then {@code before} with event time at the payment, then event
     * time at day 300, then {@code after}; then event time on to day 1000. What the customer was
     * last told of the order (net amount, primary category, categories) and the dead letters.
     */
    private static String afterReading(List<OrderChange> before, List<OrderChange> after)
            throws Exception {
        Shop shop = new Shop();
        shop.start(SETTLE, Set.of());
        try {
            shop.paidWithLines();
            for (OrderChange change : before) {
                shop.send(OrderChangeSerializer.INSTANCE.copy(change));
            }
            shop.eventTime(day(300));
            for (OrderChange change : after) {
                shop.send(OrderChangeSerializer.INSTANCE.copy(change));
            }
            shop.eventTime(day(1000));
            assertThat(shop.record().isSettled()).isTrue();
            assertThat(shop.exclusions()).as("never bulk").isEmpty();
            PurchaseChange last = shop.purchaseChanges().get(shop.purchaseChanges().size() - 1);
            return last.purchase.netCents
                    + " "
                    + last.purchase.primaryCategory
                    + " "
                    + Arrays.toString(last.purchase.categories)
                    + ", dead letters "
                    + shop.deadLetters().stream()
                            .map(d -> d.topic + "/" + d.partition + "/" + d.offset)
                            .toList();
        } finally {
            shop.harness.close();
        }
    }

    private static Instant day(int days) {
        return PAID.plus(Duration.ofDays(days));
    }

    /**
     * A whole version of the row: the paid row with {@code edit}, at source offset {@code offset}.
     */
    private static OrderChange rowVersion(Instant at, long offset, Consumer<Order> edit) {
        Order row = paidRow();
        edit.accept(row);
        return OrderChange.ofOrder(row, false, new SourcePosition(at.toEpochMilli(), offset, 0))
                .from("orders", 0, offset);
    }

    private static OrderChange lineVersion(
            Instant at, long offset, int lineNo, String category, long quantity, String price) {
        OrderLine l = new OrderLine();
        l.orderId = "o1";
        l.lineNo = lineNo;
        l.sku = "SKU-" + lineNo;
        l.category = category;
        l.quantity = quantity;
        l.unitPrice = new BigDecimal(price);
        return OrderChange.ofLine(l, false, new SourcePosition(at.toEpochMilli(), offset, 0))
                .from("order_items", 1, offset);
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> all = new ArrayList<>();
        for (T first : items) {
            List<T> rest = new ArrayList<>(items);
            rest.remove(first);
            for (List<T> tail : permutations(rest)) {
                List<T> permutation = new ArrayList<>();
                permutation.add(first);
                permutation.addAll(tail);
                all.add(permutation);
            }
        }
        return all;
    }
}
