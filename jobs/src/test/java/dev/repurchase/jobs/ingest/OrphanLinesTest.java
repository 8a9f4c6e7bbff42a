package dev.repurchase.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.SourcePosition;
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
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Order lines whose order never comes: they wait in state for the grace, then become dead letters
 * and leave state, so it drains. An order that comes in time cancels the wait.
 */
class OrphanLinesTest {

    private static final Instant LINE_COMMITTED = Instant.parse("2025-01-05T10:00:00Z");
    private static final Duration GRACE = Duration.ofDays(7);
    private static final Instant GRACE_PASSED = LINE_COMMITTED.plus(GRACE);
    private static final Instant JUST_BEFORE = GRACE_PASSED.minusMillis(1);

    private static final PurchaseRules RULES =
            new PurchaseRules(new BigDecimal("100000"), 1000, new BigDecimal("50000"), Set.of());
    private static final MetricSettings MONTHLY =
            new MetricSettings(
                    new BusinessCalendar("UTC"),
                    List.of(PeriodType.MONTH),
                    new PriceBands(List.of(BigDecimal.ZERO)));

    private KeyedOneInputStreamOperatorTestHarness<String, OrderChange, PurchaseChange> harness;

    private void start(long eventTimeEnd) throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new OrderVersions(
                                        RULES,
                                        MONTHLY,
                                        GRACE,
                                        Duration.ofMinutes(1),
                                        eventTimeEnd)),
                        change -> change.orderId,
                        Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void line(String orderId, int lineNo, Instant committed, long offset) throws Exception {
        OrderLine l = new OrderLine();
        l.orderId = orderId;
        l.lineNo = lineNo;
        l.sku = "SKU-" + lineNo;
        l.category = "tea";
        l.quantity = 2;
        l.unitPrice = new BigDecimal("4.50");
        long at = committed.toEpochMilli();
        harness.processElement(
                new StreamRecord<>(
                        OrderChange.ofLine(l, false, new SourcePosition(at, offset, 0))
                                .from("order_items", 1, offset),
                        at));
    }

    private void order(String orderId, Instant committed) throws Exception {
        Order o = new Order();
        o.orderId = orderId;
        o.customerId = "alice";
        o.status = OrderStatus.PAID;
        o.totalCents = 900;
        o.createdAt = committed.toEpochMilli();
        long at = committed.toEpochMilli();
        harness.processElement(
                new StreamRecord<>(
                        OrderChange.ofOrder(o, false, new SourcePosition(at, 1, 0))
                                .from("orders", 1, 5),
                        at));
    }

    private void eventTime(Instant at) throws Exception {
        harness.processWatermark(at.toEpochMilli());
    }

    private List<DeadLetter> orphans() {
        var emitted = harness.getSideOutput(OrderVersions.LINE_DEAD_LETTERS);
        return emitted == null ? List.of() : emitted.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void linesWithoutTheirOrderWaitForTheGrace() throws Exception {
        start(Long.MAX_VALUE);
        line("o1", 1, LINE_COMMITTED, 100);

        eventTime(JUST_BEFORE);

        assertThat(orphans()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void afterTheGraceEachLineIsADeadLetterWithItsSourceAndStateDrains() throws Exception {
        start(Long.MAX_VALUE);
        line("o1", 1, LINE_COMMITTED, 100);
        line("o1", 2, LINE_COMMITTED, 101);

        eventTime(GRACE_PASSED);

        assertThat(orphans())
                .extracting(d -> d.topic + "/" + d.partition + "/" + d.offset)
                .containsExactlyInAnyOrder("order_items/1/100", "order_items/1/101");
        assertThat(orphans())
                .allSatisfy(
                        d -> {
                            assertThat(d.reason)
                                    .isEqualTo(
                                            "order line without its order within"
                                                    + " ingest.orphan-line-grace (7 d)");
                            assertThat(RejectionClass.of(d.reason))
                                    .isEqualTo(RejectionClass.ORPHAN_LINE);
                            assertThat(d.excerpt).contains("\"order_id\":\"o1\"");
                        });
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aLaterLineMovesTheDeadlineOneTimerPerOrder() throws Exception {
        start(Long.MAX_VALUE);
        line("o1", 1, LINE_COMMITTED, 100);
        line("o1", 2, LINE_COMMITTED.plus(Duration.ofDays(2)), 101);

        eventTime(GRACE_PASSED);
        assertThat(orphans()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        eventTime(GRACE_PASSED.plus(Duration.ofDays(2)));
        assertThat(orphans()).hasSize(2);
    }

    @Test
    void anOrderInTimeCancelsTheWaitAndJoinsItsLines() throws Exception {
        start(Long.MAX_VALUE);
        line("o1", 1, LINE_COMMITTED, 100);
        order("o1", LINE_COMMITTED.plus(Duration.ofDays(3)));

        eventTime(GRACE_PASSED.plus(Duration.ofDays(30)));

        assertThat(orphans()).isEmpty();
        assertThat(harness.numEventTimeTimers()).as("the order's settle timer only").isEqualTo(1);
        List<PurchaseChange> purchases = harness.extractOutputValues();
        assertThat(purchases)
                .singleElement()
                .satisfies(p -> assertThat(p.purchase.categories).containsExactly("tea"));
    }

    @Test
    void anOrderAfterTheGraceCountsWithoutTheDroppedLines() throws Exception {
        start(Long.MAX_VALUE);
        line("o1", 1, LINE_COMMITTED, 100);
        eventTime(GRACE_PASSED);

        order("o1", GRACE_PASSED.plus(Duration.ofDays(1)));

        assertThat(orphans()).hasSize(1);
        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(p -> assertThat(p.purchase.categories).isEmpty());
    }

    @Test
    void graceDueAfterTheEndOfEventTimeDoesNotFire() throws Exception {
        start(JUST_BEFORE.toEpochMilli());
        line("o1", 1, LINE_COMMITTED, 100);

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(orphans()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isPositive();
    }

    @Test
    void ordersWithoutLinesSetOnlyTheirSettleTimer() throws Exception {
        start(Long.MAX_VALUE);
        order("o2", LINE_COMMITTED);

        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        eventTime(GRACE_PASSED);
        assertThat(orphans()).isEmpty();
    }
}
