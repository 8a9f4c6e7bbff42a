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
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changes that arrive behind event time by more than the allowed lateness (1 minute here): applied
 * all the same, counted, and reported with their source and a reason that says they were applied.
 */
class LateChangesTest {

    private static final Duration ALLOWED_LATENESS = Duration.ofMinutes(1);

    /** Event time, when the late changes arrive. */
    private static final Instant NOW = Instant.parse("2025-01-05T12:00:00Z");

    private static final Instant TWO_MINUTES_AGO = NOW.minus(Duration.ofMinutes(2));
    private static final Instant HALF_A_MINUTE_AGO = NOW.minus(Duration.ofSeconds(30));

    private static final PurchaseRules RULES =
            new PurchaseRules(new BigDecimal("100000"), 1000, new BigDecimal("50000"), Set.of());
    private static final MetricSettings MONTHLY =
            new MetricSettings(
                    new BusinessCalendar("UTC"),
                    List.of(PeriodType.MONTH),
                    new PriceBands(List.of(BigDecimal.ZERO)));

    private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    private KeyedOneInputStreamOperatorTestHarness<String, OrderChange, PurchaseChange> harness;

    @BeforeEach
    void setUp() throws Exception {
        InterceptingTaskMetricGroup task =
                new InterceptingTaskMetricGroup() {
                    @Override
                    public InternalOperatorMetricGroup getOrAddOperator(
                            OperatorID id, String name) {
                        return metrics;
                    }
                };
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new OrderVersions(
                                        RULES,
                                        MONTHLY,
                                        Duration.ofDays(7),
                                        ALLOWED_LATENESS,
                                        Long.MAX_VALUE)),
                        change -> change.orderId,
                        Types.STRING,
                        new MockEnvironmentBuilder().setMetricGroup(task).build());
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void paid(String orderId, Instant committed, long offset) throws Exception {
        Order o = new Order();
        o.orderId = orderId;
        o.customerId = "alice";
        o.status = OrderStatus.PAID;
        o.totalCents = 900;
        o.createdAt = committed.toEpochMilli();
        long at = committed.toEpochMilli();
        harness.processElement(
                new StreamRecord<>(
                        OrderChange.ofOrder(o, false, new SourcePosition(at, offset, 0))
                                .from("orders", 3, offset),
                        at));
    }

    private void line(String orderId, Instant committed, long offset) throws Exception {
        OrderLine l = new OrderLine();
        l.orderId = orderId;
        l.lineNo = 1;
        l.sku = "SKU-1";
        l.category = "tea";
        l.quantity = 2;
        l.unitPrice = new BigDecimal("4.50");
        long at = committed.toEpochMilli();
        harness.processElement(
                new StreamRecord<>(
                        OrderChange.ofLine(l, false, new SourcePosition(at, offset, 0))
                                .from("order_items", 0, offset),
                        at));
    }

    private void eventTime(Instant at) throws Exception {
        harness.processWatermark(at.toEpochMilli());
    }

    private List<DeadLetter> reports() {
        var emitted = harness.getSideOutput(LateChanges.REPORTS);
        return emitted == null ? List.of() : emitted.stream().map(StreamRecord::getValue).toList();
    }

    private long lateChanges() {
        return ((Counter) metrics.get("lateChanges")).getCount();
    }

    private List<String> purchases() {
        return harness.extractOutputValues().stream().map(c -> c.orderId).toList();
    }

    @Test
    void aChangeBehindEventTimeByMoreThanTheAllowedLatenessIsAppliedCountedAndReported()
            throws Exception {
        eventTime(NOW);
        paid("o1", TWO_MINUTES_AGO, 42);

        assertThat(purchases()).as("applied").containsExactly("o1");
        assertThat(lateChanges()).isEqualTo(1);
        assertThat(reports()).hasSize(1);
        DeadLetter report = reports().get(0);
        assertThat(report.topic).isEqualTo("orders");
        assertThat(report.partition).isEqualTo(3);
        assertThat(report.offset).isEqualTo(42);
        assertThat(report.reason)
                .startsWith("late change, applied: committed at 2025-01-05T11:58:00Z, 2 min");
        assertThat(report.excerpt).contains("\"order_id\":\"o1\"").contains("\"status\":\"PAID\"");
    }

    @Test
    void aLateLineIsReportedWithItsOwnSource() throws Exception {
        eventTime(NOW);
        line("o1", TWO_MINUTES_AGO, 7);

        assertThat(lateChanges()).isEqualTo(1);
        assertThat(reports())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.topic).isEqualTo("order_items");
                            assertThat(r.offset).isEqualTo(7);
                            assertThat(r.excerpt).contains("\"line_no\":1");
                        });
    }

    @Test
    void aChangeWithinTheAllowedLatenessIsNotLate() throws Exception {
        eventTime(NOW);
        paid("o1", HALF_A_MINUTE_AGO, 42);

        assertThat(purchases()).containsExactly("o1");
        assertThat(lateChanges()).isZero();
        assertThat(reports()).isEmpty();
    }

    @Test
    void nothingIsLateBeforeEventTimeStarts() throws Exception {
        paid("o1", TWO_MINUTES_AGO, 42);

        assertThat(lateChanges()).isZero();
        assertThat(reports()).isEmpty();
    }

    @Test
    void aLateDuplicateChangesNothingAndIsNotReported() throws Exception {
        paid("o1", TWO_MINUTES_AGO, 42);
        eventTime(NOW);
        paid("o1", TWO_MINUTES_AGO, 42);

        assertThat(purchases()).containsExactly("o1");
        assertThat(reports()).isEmpty();
    }
}
