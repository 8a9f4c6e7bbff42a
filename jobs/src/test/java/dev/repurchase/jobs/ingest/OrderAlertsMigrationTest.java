package dev.repurchase.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.metric.PriceBands;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.period.BusinessCalendar;
import dev.repurchase.common.period.PeriodType;
import dev.repurchase.common.rules.PurchaseRules;
import dev.repurchase.jobs.abuse.FlashSales;
import dev.repurchase.jobs.state.StateTypes;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
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
 * A snapshot of state versions 3 and 4, where an order's alerts were a state of their own ({@code
 * order-alerts}) and orders did not settle, restores with each order's alerts in its record, the
 * alert still firing once at its time, and a settle time after the order's latest change.
 */
class OrderAlertsMigrationTest {

    private static final Instant PAID = Instant.parse("2025-03-03T12:00:00Z");

    /** paid + 48 h. */
    private static final Instant SHIP_DUE = Instant.parse("2025-03-05T12:00:00Z");

    private static final Duration SETTLE = Duration.ofDays(120);
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final AlertSettings ALERTS =
            new AlertSettings(24 * HOUR, 2 * HOUR, 48 * HOUR, EnumSet.allOf(AlertType.class));

    private static final PurchaseRules RULES =
            new PurchaseRules(new BigDecimal("100000"), 1000, new BigDecimal("50000"), Set.of());
    private static final MetricSettings MONTHLY =
            new MetricSettings(
                    new BusinessCalendar("UTC"),
                    List.of(PeriodType.MONTH),
                    new PriceBands(List.of(BigDecimal.ZERO)));

    private KeyedOneInputStreamOperatorTestHarness<String, OrderChange, PurchaseChange> harness;

    @BeforeEach
    void restoreVersion4States() throws Exception {
        OperatorSubtaskState old;
        try (var before =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new Version4States()),
                        (OrderChange change) -> change.orderId,
                        Types.STRING)) {
            before.open();
            before.processElement(new StreamRecord<>(paid("o1"), PAID.toEpochMilli()));
            before.processElement(new StreamRecord<>(paid("o2"), PAID.toEpochMilli()));
            old = before.snapshot(1, 1);
        }
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new OrderVersionsOperator(
                                new OrderVersions(
                                        RULES,
                                        MONTHLY,
                                        Duration.ofDays(7),
                                        Duration.ofDays(365),
                                        Long.MAX_VALUE,
                                        SETTLE,
                                        ALERTS,
                                        Instant.EPOCH.toEpochMilli(),
                                        false,
                                        FlashSales.NONE)),
                        change -> change.orderId,
                        Types.STRING);
        harness.initializeState(old);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void theAlertsMoveIntoTheRecordAndTheirStateIsGone() throws Exception {
        OrderRecord o1 = record("o1");
        assertThat(o1.alerts.timer).isEqualTo(SHIP_DUE.toEpochMilli());
        assertThat(o1.alerts.pending).singleElement();
        assertThat(o1.settleAt).isEqualTo(PAID.plus(SETTLE).toEpochMilli());
        assertThat(harness.numKeyedStateEntries()).as("one record per order").isEqualTo(2);
    }

    @Test
    void theAlertFiresOnceAtItsTimeAndTheOrderSettlesLater() throws Exception {
        harness.processWatermark(SHIP_DUE.toEpochMilli());
        harness.processWatermark(PAID.plus(SETTLE).toEpochMilli());

        assertThat(harness.getSideOutput(OrderVersions.ALERTS))
                .extracting(a -> a.getValue().orderId + " " + a.getValue().type)
                .containsExactlyInAnyOrder("o1 SHIP_LATE", "o2 SHIP_LATE");
        assertThat(record("o1").isSettled()).isTrue();
        assertThat(record("o1").alerts).isNull();
        assertThat(harness.numEventTimeTimers()).isZero();
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

    private static OrderChange paid(String orderId) {
        Order o = new Order();
        o.orderId = orderId;
        o.customerId = "alice";
        o.status = OrderStatus.PAID;
        o.totalCents = 900;
        o.createdAt = PAID.toEpochMilli();
        o.paidAt = PAID.toEpochMilli();
        return OrderChange.ofOrder(o, false, new SourcePosition(PAID.toEpochMilli(), 1, 0))
                .from("orders", 0, 1);
    }

    /**
     * Writes the order versions' states as in state versions 3 and 4: the record without alerts or
     * settle time, and the alerts in {@code order-alerts} with their timer.
     */
    private static final class Version4States
            extends KeyedProcessFunction<String, OrderChange, PurchaseChange> {

        private transient ValueState<OrderRecord> records;
        private transient ValueState<OrderAlerts> alerts;

        @Override
        public void open(OpenContext openContext) {
            records =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "order-record", StateTypes.ORDER_RECORD));
            alerts =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "order-alerts", StateTypes.ORDER_ALERTS));
        }

        @Override
        public void processElement(OrderChange change, Context ctx, Collector<PurchaseChange> out)
                throws Exception {
            OrderRecord record = new OrderRecord();
            record.hold(change);
            records.update(record);
            OrderAlerts held = new OrderAlerts();
            held.add(OrderAlerts.Step.of(change, ALERTS));
            held.timer = SHIP_DUE.toEpochMilli();
            ctx.timerService().registerEventTimeTimer(held.timer);
            alerts.update(held);
        }
    }
}
