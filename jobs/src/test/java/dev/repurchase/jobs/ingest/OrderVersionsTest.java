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
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderVersionsTest {

    private static final long PAID_AT = Instant.parse("2025-01-05T10:00:00Z").toEpochMilli();

    /** Bulk above 100 items. */
    private static final PurchaseRules RULES =
            new PurchaseRules(new BigDecimal("100000"), 100, new BigDecimal("50000"), Set.of());

    private static final MetricSettings MONTHLY =
            new MetricSettings(
                    new BusinessCalendar("UTC"),
                    List.of(PeriodType.MONTH),
                    new PriceBands(List.of(BigDecimal.ZERO)));

    private KeyedOneInputStreamOperatorTestHarness<String, OrderChange, PurchaseChange> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new OrderVersions(RULES, MONTHLY)),
                        change -> change.orderId,
                        Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static Order order(OrderStatus status, long totalCents, long refundedCents) {
        Order o = new Order();
        o.orderId = "o1";
        o.customerId = "alice";
        o.status = status;
        o.totalCents = totalCents;
        o.refundedCents = refundedCents;
        o.createdAt = PAID_AT;
        o.paidAt = PAID_AT;
        return o;
    }

    private void version(long position, Order o) throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        OrderChange.ofOrder(o, false, new SourcePosition(position, position, 0))));
    }

    private void deleted(long position, Order o) throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        OrderChange.ofOrder(o, true, new SourcePosition(position, position, 0))));
    }

    private void line(long position, int lineNo, String category, long quantity) throws Exception {
        OrderLine l = new OrderLine();
        l.orderId = "o1";
        l.lineNo = lineNo;
        l.category = category;
        l.quantity = quantity;
        l.unitPrice = new BigDecimal("1.00");
        harness.processElement(
                new StreamRecord<>(
                        OrderChange.ofLine(l, false, new SourcePosition(position, position, 0))));
    }

    private List<PurchaseChange> purchaseChanges() {
        return harness.extractOutputValues();
    }

    private List<MetricDelta> exclusions() {
        var emitted = harness.getSideOutput(OrderVersions.EXCLUSIONS);
        return emitted == null ? List.of() : emitted.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void paidOrderBecomesAPurchaseWithTheCategoriesOfItsLines() throws Exception {
        version(1, order(OrderStatus.PAID, 2000, 0));
        line(2, 1, "tea", 1);
        line(3, 2, "coffee", 3);

        PurchaseChange latest = purchaseChanges().get(purchaseChanges().size() - 1);
        assertThat(latest.purchase.categories).containsExactly("coffee", "tea");
        assertThat(latest.purchase.primaryCategory).isEqualTo("coffee");
        assertThat(latest.purchase.netCents).isEqualTo(2000);
    }

    @Test
    void linesBeforeTheirOrderAreJoinedWhenItArrives() throws Exception {
        line(2, 1, "tea", 1);
        assertThat(purchaseChanges()).isEmpty();

        version(1, order(OrderStatus.PAID, 2000, 0));

        assertThat(purchaseChanges()).hasSize(1);
        assertThat(purchaseChanges().get(0).purchase.categories).containsExactly("tea");
    }

    @Test
    void pendingOrderIsNotAPurchaseUntilPaid() throws Exception {
        version(1, order(OrderStatus.PENDING_PAYMENT, 2000, 0));
        assertThat(purchaseChanges()).isEmpty();
        assertThat(exclusions()).isEmpty();

        version(2, order(OrderStatus.PAID, 2000, 0));
        assertThat(purchaseChanges()).hasSize(1);
    }

    @Test
    void staleAndDuplicateVersionsAreIgnored() throws Exception {
        version(5, order(OrderStatus.REFUNDED, 2000, 2000));
        version(3, order(OrderStatus.PAID, 2000, 0));
        version(5, order(OrderStatus.REFUNDED, 2000, 2000));

        assertThat(purchaseChanges()).isEmpty();
        assertThat(exclusions()).hasSize(1);
    }

    @Test
    void refundAfterTheFactRemovesThePurchaseAndCountsTheExclusion() throws Exception {
        version(1, order(OrderStatus.PAID, 2000, 0));
        version(2, order(OrderStatus.REFUNDED, 2000, 2000));

        assertThat(purchaseChanges()).hasSize(2);
        assertThat(purchaseChanges().get(1).purchase).isNull();
        assertThat(exclusions()).hasSize(1);
        MetricDelta refunded = exclusions().get(0);
        assertThat(refunded.key.toString()).isEqualTo("EXCLUSION[MONTH 2025-01-01 refunded]");
        assertThat(refunded.values).containsExactly(1, 2000);
    }

    @Test
    void bulkLinesTurnAPurchaseIntoAnExclusion() throws Exception {
        version(1, order(OrderStatus.PAID, 2000, 0));
        line(2, 1, "tea", 101);

        assertThat(purchaseChanges().get(purchaseChanges().size() - 1).purchase).isNull();
        assertThat(exclusions().get(0).key.value).isEqualTo("bulk");
    }

    @Test
    void deleteRetractsWhatTheOrderMeant() throws Exception {
        Order refunded = order(OrderStatus.REFUNDED, 2000, 2000);
        version(1, refunded);
        deleted(2, refunded);

        assertThat(exclusions()).hasSize(2);
        assertThat(exclusions().get(1).values).containsExactly(-1, -2000);
    }

    @Test
    void orderMovedToAnotherCustomerLeavesTheFirst() throws Exception {
        version(1, order(OrderStatus.PAID, 2000, 0));
        Order moved = order(OrderStatus.PAID, 2000, 0);
        moved.customerId = "bob";
        version(2, moved);

        assertThat(purchaseChanges())
                .extracting(c -> c.customerId + ":" + (c.purchase != null))
                .containsExactly("alice:true", "alice:false", "bob:true");
    }
}
