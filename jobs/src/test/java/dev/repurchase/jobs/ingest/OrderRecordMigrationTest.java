package dev.repurchase.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.metric.PriceBands;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderLine;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.period.BusinessCalendar;
import dev.repurchase.common.period.PeriodType;
import dev.repurchase.common.rules.PurchaseRules;
import dev.repurchase.jobs.state.StateTypes;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A snapshot with the four states of state versions 0 and 1 ({@code order}, {@code lines}, {@code
 * outcome}, {@code orphan-deadline}) restores into one {@link OrderRecord} per order: an order with
 * its lines and outcome, and lines still waiting for their order, whose grace timer still fires.
 */
class OrderRecordMigrationTest {

    private static final Instant COMMITTED = Instant.parse("2025-01-05T10:00:00Z");
    private static final Duration GRACE = Duration.ofDays(7);

    private static final PurchaseRules RULES =
            new PurchaseRules(new BigDecimal("100000"), 1000, new BigDecimal("50000"), Set.of());
    private static final MetricSettings MONTHLY =
            new MetricSettings(
                    new BusinessCalendar("UTC"),
                    List.of(PeriodType.MONTH),
                    new PriceBands(List.of(BigDecimal.ZERO)));

    private KeyedOneInputStreamOperatorTestHarness<String, OrderChange, PurchaseChange> harness;

    /** The order versions restored from a snapshot of the old states of two orders. */
    @BeforeEach
    void restoreOldStates() throws Exception {
        OperatorSubtaskState old;
        try (var before = harness(new KeyedProcessOperator<>(new OldStates()))) {
            before.open();
            // o1: two lines, out of order, then its order.
            before.processElement(record(line("o1", 2, "coffee", 3, 101)));
            before.processElement(record(line("o1", 1, "tea", 1, 100)));
            before.processElement(record(order("o1", 1)));
            // o2: a line waiting for its order.
            before.processElement(record(line("o2", 1, "tea", 2, 200)));
            old = before.snapshot(1, 1);
        }
        harness =
                harness(
                        new OrderVersionsOperator(
                                new OrderVersions(
                                        RULES,
                                        MONTHLY,
                                        GRACE,
                                        Duration.ofMinutes(1),
                                        Long.MAX_VALUE)));
        harness.initializeState(old);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void eachOrdersStatesFoldIntoOneRecordAndTheOldStatesAreGone() throws Exception {
        OrderRecord o1 = record("o1");
        assertThat(o1.order.customerId).isEqualTo("alice");
        assertThat(o1.orderPosition).isEqualTo(position(1));
        assertThat(o1.decodeLines()).extracting(l -> l.lineNo).containsExactly(1, 2);
        assertThat(o1.decodeLines())
                .as("the order came: its lines keep no source")
                .extracting(l -> l.category + "/" + l.quantity + "/" + l.sourceTopic)
                .containsExactly("tea/1/null", "coffee/3/null");
        assertThat(o1.outcome.purchase.categories).containsExactly("coffee", "tea");

        OrderRecord o2 = record("o2");
        assertThat(o2.order).isNull();
        assertThat(o2.outcome).isNull();
        assertThat(o2.decodeLines())
                .singleElement()
                .satisfies(l -> assertThat(l.quantity + "/" + l.sourceOffset).isEqualTo("2/200"));
        assertThat(o2.orphanDeadline).isEqualTo(COMMITTED.plus(GRACE).toEpochMilli());

        assertThat(harness.numKeyedStateEntries())
                .as("one record per order, nothing else")
                .isEqualTo(2);
    }

    @Test
    void theMigratedOutcomeIsWhatTheNextVersionComparesWith() throws Exception {
        harness.processElement(record(order("o1", 2)));

        assertThat(harness.extractOutputValues())
                .as("the same purchase: nothing to tell")
                .isEmpty();
    }

    @Test
    void theOldGraceTimerStillExpiresTheWaitingLines() throws Exception {
        harness.processWatermark(COMMITTED.plus(GRACE).toEpochMilli());

        assertThat(harness.getSideOutput(OrderVersions.LINE_DEAD_LETTERS))
                .singleElement()
                .satisfies(d -> assertThat(d.getValue().offset).isEqualTo(200));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    private OrderRecord record(String orderId) throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(orderId);
        return backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        OrderVersions.recordState())
                .value();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, OrderChange, PurchaseChange>
            harness(KeyedProcessOperator<String, OrderChange, PurchaseChange> operator)
                    throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                operator, change -> change.orderId, Types.STRING);
    }

    private static StreamRecord<OrderChange> record(OrderChange change) {
        return new StreamRecord<>(change, change.position.commitMillis);
    }

    private static SourcePosition position(long log) {
        return new SourcePosition(COMMITTED.toEpochMilli(), log, 0);
    }

    private static OrderChange order(String orderId, long log) {
        Order o = new Order();
        o.orderId = orderId;
        o.customerId = "alice";
        o.status = OrderStatus.PAID;
        o.totalCents = 900;
        o.createdAt = COMMITTED.toEpochMilli();
        return OrderChange.ofOrder(o, false, position(log)).from("orders", 0, log);
    }

    private static OrderChange line(
            String orderId, int lineNo, String category, long quantity, long offset) {
        OrderLine l = new OrderLine();
        l.orderId = orderId;
        l.lineNo = lineNo;
        l.sku = "SKU-" + lineNo;
        l.category = category;
        l.quantity = quantity;
        l.unitPrice = new BigDecimal("4.50");
        return OrderChange.ofLine(l, false, position(offset)).from("order_items", 1, offset);
    }

    /**
     * Writes the four states as the order versions did up to state version 1, with the same
     * descriptors: the change of each row, the outcome of the order and its lines, and the grace
     * timer of lines without their order.
     */
    private static final class OldStates
            extends KeyedProcessFunction<String, OrderChange, PurchaseChange> {

        private transient ValueState<OrderChange> order;
        private transient MapState<Integer, OrderChange> lines;
        private transient ValueState<OrderOutcome> outcome;
        private transient ValueState<Long> orphanDeadline;

        @Override
        public void open(OpenContext openContext) {
            order =
                    getRuntimeContext()
                            .getState(new ValueStateDescriptor<>("order", StateTypes.ORDER_CHANGE));
            lines =
                    getRuntimeContext()
                            .getMapState(
                                    new MapStateDescriptor<>(
                                            "lines", Types.INT, StateTypes.ORDER_CHANGE));
            outcome =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "outcome", StateTypes.ORDER_OUTCOME));
            orphanDeadline =
                    getRuntimeContext()
                            .getState(new ValueStateDescriptor<>("orphan-deadline", Types.LONG));
        }

        @Override
        public void processElement(OrderChange change, Context ctx, Collector<PurchaseChange> out)
                throws Exception {
            if (change.isLine()) {
                lines.put(change.line.lineNo, change);
                if (order.value() == null) {
                    long due = change.position.commitMillis + GRACE.toMillis();
                    ctx.timerService().registerEventTimeTimer(due);
                    orphanDeadline.update(due);
                }
                return;
            }
            order.update(change);
            Long deadline = orphanDeadline.value();
            if (deadline != null) {
                ctx.timerService().deleteEventTimeTimer(deadline);
                orphanDeadline.clear();
            }
            Order o = change.order;
            Purchase p = new Purchase();
            p.orderId = o.orderId;
            p.purchasedAt = o.purchaseTime();
            p.netCents = o.netCents();
            p.categories = new String[] {"coffee", "tea"};
            p.primaryCategory = "coffee";
            outcome.update(OrderOutcome.purchase(o.customerId, p));
        }
    }
}
