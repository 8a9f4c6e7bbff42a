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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order alerts of SPEC 4.2, each decided as of its due time by the order's own changes: a
 * change stamped at or before the due time decides (also one stamped exactly at it), one stamped
 * after it does not even when it is read before event time reaches the due time, and a change that
 * re-times the order plans afresh. Defaults: payment deadline 24 h, lead 2 h, ship within 48 h.
 */
class OrderAlertsTest {

    private static final Instant CREATED = Instant.parse("2025-03-03T10:00:00Z");

    /** created + 24 h - 2 h. */
    private static final Instant PAYMENT_DUE = Instant.parse("2025-03-04T08:00:00Z");

    private static final Instant PAID = Instant.parse("2025-03-03T12:00:00Z");

    /** paid + 48 h. */
    private static final Instant SHIP_DUE = Instant.parse("2025-03-05T12:00:00Z");

    private static final Instant SHIPPED = Instant.parse("2025-03-04T09:00:00Z");
    private static final Instant PROMISED = Instant.parse("2025-03-07T18:00:00Z");

    private static final PurchaseRules RULES =
            new PurchaseRules(new BigDecimal("100000"), 1000, new BigDecimal("50000"), Set.of());
    private static final MetricSettings MONTHLY =
            new MetricSettings(
                    new BusinessCalendar("UTC"),
                    List.of(PeriodType.MONTH),
                    new PriceBands(List.of(BigDecimal.ZERO)));
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private KeyedOneInputStreamOperatorTestHarness<String, OrderChange, PurchaseChange> harness;
    private long logPosition;

    /** The order as its latest change left it, for the next change to edit. */
    private Order row;

    private void start(Set<AlertType> types, Instant suppressBefore) throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new OrderVersionsOperator(
                                new OrderVersions(
                                        RULES,
                                        MONTHLY,
                                        Duration.ofDays(7),
                                        Duration.ofDays(365),
                                        Long.MAX_VALUE,
                                        Duration.ofDays(120),
                                        new AlertSettings(24 * HOUR, 2 * HOUR, 48 * HOUR, types),
                                        suppressBefore.toEpochMilli(),
                                        false,
                                        FlashSales.NONE)),
                        change -> change.orderId,
                        Types.STRING);
        harness.open();
    }

    private void start() throws Exception {
        start(EnumSet.allOf(AlertType.class), Instant.EPOCH);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    // ---- the story's steps

    /** The order is placed at CREATED, unpaid. */
    private void placed() throws Exception {
        row = new Order();
        row.orderId = "o1";
        row.customerId = "alice";
        row.status = OrderStatus.PENDING_PAYMENT;
        row.totalCents = 900;
        row.createdAt = CREATED.toEpochMilli();
        commit(CREATED, o -> {});
    }

    private void paid(Instant at) throws Exception {
        commit(
                at,
                o -> {
                    o.status = OrderStatus.PAID;
                    o.paidAt = at.toEpochMilli();
                });
    }

    private void shipped(Instant at) throws Exception {
        commit(
                at,
                o -> {
                    o.status = OrderStatus.SHIPPED;
                    o.shippedAt = at.toEpochMilli();
                });
    }

    private void delivered(Instant at) throws Exception {
        commit(
                at,
                o -> {
                    o.status = OrderStatus.DELIVERED;
                    o.deliveredAt = at.toEpochMilli();
                });
    }

    private void cancelled(Instant at) throws Exception {
        commit(
                at,
                o -> {
                    o.status = OrderStatus.CANCELLED;
                    o.cancelledAt = at.toEpochMilli();
                });
    }

    private void refunded(Instant at) throws Exception {
        commit(
                at,
                o -> {
                    o.status = OrderStatus.REFUNDED;
                    o.refundedCents = o.totalCents;
                });
    }

    /** A new version of the row committed at {@code at}: the latest one, edited. */
    private void commit(Instant at, Consumer<Order> edit) throws Exception {
        Order next = copy(row);
        edit.accept(next);
        row = next;
        send(OrderChange.ofOrder(copy(next), false, position(at)));
    }

    private void deleted(Instant at) throws Exception {
        send(OrderChange.ofOrder(copy(row), true, position(at)));
    }

    private SourcePosition position(Instant at) {
        return new SourcePosition(at.toEpochMilli(), ++logPosition, 0);
    }

    private void send(OrderChange change) throws Exception {
        harness.processElement(new StreamRecord<>(change, change.position.commitMillis));
    }

    private void eventTime(Instant at) throws Exception {
        harness.processWatermark(at.toEpochMilli());
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
        c.promisedDeliveryAt = o.promisedDeliveryAt;
        c.cancelledAt = o.cancelledAt;
        return c;
    }

    /** The alerts that came due, as "TYPE at due STATUS". */
    private List<String> alerts() {
        var emitted = harness.getSideOutput(OrderVersions.ALERTS);
        return emitted == null
                ? List.of()
                : emitted.stream()
                        .map(StreamRecord::getValue)
                        .map(a -> a.type + " at " + Instant.ofEpochMilli(a.dueAt) + " " + a.status)
                        .toList();
    }

    private static String sent(String type, Instant due) {
        return type + " at " + due + " SENT";
    }

    // ---- PAYMENT_DUE

    @Test
    void anUnpaidOrderAlertsTwoHoursBeforeItsPaymentDeadline() throws Exception {
        start();
        placed();

        eventTime(PAYMENT_DUE.minusMillis(1));
        assertThat(alerts()).isEmpty();

        eventTime(PAYMENT_DUE);
        assertThat(alerts()).containsExactly(sent("PAYMENT_DUE", PAYMENT_DUE));
        OrderAlert alert = harness.getSideOutput(OrderVersions.ALERTS).peek().getValue();
        assertThat(alert.orderId).isEqualTo("o1");
        assertThat(alert.customerId).isEqualTo("alice");
        assertThat(alert.alertId)
                .isEqualTo(
                        UUID.nameUUIDFromBytes(
                                        ("order-alert|o1|PAYMENT_DUE|" + PAYMENT_DUE.toEpochMilli())
                                                .getBytes(StandardCharsets.UTF_8))
                                .toString());
        // Nothing left to decide: no alert timer, and only the order record stays.
        assertThat(harness.numEventTimeTimers()).as("the order's settle timer only").isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void aPaymentBeforeTheDueTimeCancels() throws Exception {
        start();
        placed();
        paid(PAYMENT_DUE.minusSeconds(60));

        eventTime(PAYMENT_DUE.plusSeconds(3600));

        assertThat(alerts()).isEmpty();
    }

    @Test
    void aPaymentStampedExactlyAtTheDueTimeCancels() throws Exception {
        start();
        placed();
        paid(PAYMENT_DUE);

        eventTime(PAYMENT_DUE.plusSeconds(3600));

        assertThat(alerts()).isEmpty();
    }

    @Test
    void aPaymentStampedAfterTheDueTimeDoesNotCancelEvenIfReadBefore() throws Exception {
        start();
        placed();
        eventTime(PAYMENT_DUE.minusSeconds(3600));
        paid(PAYMENT_DUE.plusMillis(1));

        eventTime(PAYMENT_DUE.plusSeconds(3600));

        assertThat(alerts()).containsExactly(sent("PAYMENT_DUE", PAYMENT_DUE));
    }

    @Test
    void aCancellationBeforeTheDueTimeCancels() throws Exception {
        start();
        placed();
        cancelled(PAYMENT_DUE.minusSeconds(1));

        eventTime(PAYMENT_DUE.plusSeconds(1));

        assertThat(alerts()).isEmpty();
        assertThat(harness.numEventTimeTimers()).as("the order's settle timer only").isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void aCancellationStampedExactlyAtTheDueTimeCancels() throws Exception {
        start();
        placed();
        cancelled(PAYMENT_DUE);

        eventTime(PAYMENT_DUE.plusSeconds(1));

        assertThat(alerts()).isEmpty();
    }

    @Test
    void anOrderDeletedBeforeItsDueTimeGetsNoAlert() throws Exception {
        start();
        placed();
        deleted(PAYMENT_DUE.minusSeconds(1));

        eventTime(PAYMENT_DUE.plusSeconds(1));

        assertThat(alerts()).isEmpty();
        assertThat(harness.numEventTimeTimers()).as("the order's settle timer only").isEqualTo(1);
    }

    @Test
    void movingCreatedAtPlansAfreshAndTheOldDueTimeIsGone() throws Exception {
        start();
        placed();
        Instant laterCreation = CREATED.plus(Duration.ofHours(10));
        commit(PAYMENT_DUE.minusSeconds(60), o -> o.createdAt = laterCreation.toEpochMilli());

        Instant newDue = laterCreation.plus(Duration.ofHours(22));
        eventTime(newDue.minusMillis(1));
        assertThat(alerts()).isEmpty();

        eventTime(newDue);
        assertThat(alerts()).containsExactly(sent("PAYMENT_DUE", newDue));
    }

    @Test
    void aReTimingStampedExactlyAtTheDueTimeReplansFromThere() throws Exception {
        start();
        placed();
        // Moved at the old due time to a due time at that very instant: not after the change,
        // so not kept; the old plan is gone as well.
        commit(PAYMENT_DUE, o -> o.createdAt = CREATED.plusMillis(1).toEpochMilli());
        Instant movedDue = PAYMENT_DUE.plusMillis(1);

        eventTime(movedDue.plusSeconds(1));

        assertThat(alerts()).containsExactly(sent("PAYMENT_DUE", movedDue));
    }

    // ---- SHIP_LATE

    @Test
    void aPaidOrderNotShippedWithin48HoursAlerts() throws Exception {
        start();
        placed();
        paid(PAID);

        eventTime(SHIP_DUE.minusMillis(1));
        assertThat(alerts()).isEmpty();

        eventTime(SHIP_DUE);
        assertThat(alerts()).containsExactly(sent("SHIP_LATE", SHIP_DUE));
    }

    @Test
    void shippingBeforeOrExactlyAtTheDueTimeCancels() throws Exception {
        start();
        placed();
        paid(PAID);
        shipped(SHIP_DUE);

        eventTime(SHIP_DUE.plusSeconds(1));

        assertThat(alerts()).isEmpty();
        assertThat(harness.numEventTimeTimers()).as("the order's settle timer only").isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void shippingStampedAfterTheDueTimeDoesNotCancelEvenIfReadBefore() throws Exception {
        start();
        placed();
        paid(PAID);
        shipped(SHIP_DUE.plusMillis(1));

        eventTime(SHIP_DUE.plusSeconds(1));

        assertThat(alerts()).containsExactly(sent("SHIP_LATE", SHIP_DUE));
    }

    @Test
    void aRefundBeforeShippingCancels() throws Exception {
        start();
        placed();
        paid(PAID);
        refunded(SHIP_DUE.minusSeconds(1));

        eventTime(SHIP_DUE.plusSeconds(1));

        assertThat(alerts()).isEmpty();
    }

    @Test
    void aCancellationAfterPaymentCancelsShipLate() throws Exception {
        start();
        placed();
        paid(PAID);
        cancelled(SHIP_DUE);

        eventTime(SHIP_DUE.plusSeconds(1));

        assertThat(alerts()).isEmpty();
    }

    @Test
    void aPaymentMovedEarlierReplansShipLate() throws Exception {
        start();
        placed();
        paid(PAID);
        Instant earlierPayment = PAID.minusSeconds(3600);
        commit(PAID.plusSeconds(60), o -> o.paidAt = earlierPayment.toEpochMilli());

        eventTime(SHIP_DUE.plusSeconds(1));

        assertThat(alerts())
                .containsExactly(sent("SHIP_LATE", earlierPayment.plusSeconds(48 * 3600)));
    }

    // ---- DELIVERY_LATE

    private void placedWithPromise(Instant promised) throws Exception {
        placed();
        commit(CREATED.plusSeconds(1), o -> o.promisedDeliveryAt = promised.toEpochMilli());
    }

    @Test
    void anOrderNotDeliveredByItsPromiseAlerts() throws Exception {
        start();
        placedWithPromise(PROMISED);
        paid(PAID);
        shipped(SHIPPED);

        eventTime(PROMISED.minusMillis(1));
        assertThat(alerts()).isEmpty();

        eventTime(PROMISED);
        assertThat(alerts()).containsExactly(sent("DELIVERY_LATE", PROMISED));
    }

    @Test
    void deliveryExactlyAtThePromiseCancels() throws Exception {
        start();
        placedWithPromise(PROMISED);
        paid(PAID);
        shipped(SHIPPED);
        delivered(PROMISED);

        eventTime(PROMISED.plusSeconds(1));

        assertThat(alerts()).isEmpty();
        assertThat(harness.numEventTimeTimers()).as("the order's settle timer only").isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void deliveryStampedAfterThePromiseDoesNotCancelEvenIfReadBefore() throws Exception {
        start();
        placedWithPromise(PROMISED);
        paid(PAID);
        shipped(SHIPPED);
        delivered(PROMISED.plusMillis(1));

        eventTime(PROMISED.plusSeconds(1));

        assertThat(alerts()).containsExactly(sent("DELIVERY_LATE", PROMISED));
    }

    @Test
    void aRefundBeforeThePromiseCancels() throws Exception {
        start();
        placedWithPromise(PROMISED);
        paid(PAID);
        shipped(SHIPPED);
        refunded(PROMISED.minusSeconds(1));

        eventTime(PROMISED.plusSeconds(1));

        assertThat(alerts()).isEmpty();
    }

    @Test
    void aPromiseMovedLaterBeforeItIsDueReplans() throws Exception {
        start();
        placedWithPromise(PROMISED);
        paid(PAID);
        shipped(SHIPPED);
        Instant laterPromise = PROMISED.plus(Duration.ofDays(2));
        commit(PROMISED.minusSeconds(60), o -> o.promisedDeliveryAt = laterPromise.toEpochMilli());

        eventTime(laterPromise.plusSeconds(1));

        assertThat(alerts()).containsExactly(sent("DELIVERY_LATE", laterPromise));
    }

    @Test
    void noDeliveryLateWithoutAPromise() throws Exception {
        start();
        placed();
        paid(PAID);
        shipped(SHIPPED);

        eventTime(PROMISED.plus(Duration.ofDays(30)));

        assertThat(alerts()).isEmpty();
        assertThat(harness.numEventTimeTimers()).as("the order's settle timer only").isEqualTo(1);
    }

    @Test
    void noDeliveryLateForAPromiseNotAfterThePayment() throws Exception {
        start();
        placedWithPromise(PAID);
        paid(PAID);
        shipped(SHIPPED);

        eventTime(PROMISED.plus(Duration.ofDays(30)));

        assertThat(alerts()).isEmpty();
    }

    @Test
    void noDeliveryLateForAnUnpaidOrder() throws Exception {
        start();
        placedWithPromise(PROMISED);

        eventTime(PROMISED.plus(Duration.ofDays(30)));

        assertThat(alerts()).containsExactly(sent("PAYMENT_DUE", PAYMENT_DUE));
    }

    // ---- duplicates, order of arrival, suppression, switches

    @Test
    void duplicatesAndReplaysGiveNoSecondAlert() throws Exception {
        start();
        placed();
        OrderChange creation =
                OrderChange.ofOrder(
                        copy(row), false, new SourcePosition(CREATED.toEpochMilli(), 1, 0));
        send(creation);

        eventTime(PAYMENT_DUE.plusSeconds(1));
        // The creation again, read after its alert came due: a replay of history.
        send(creation);
        eventTime(PAYMENT_DUE.plus(Duration.ofDays(3)));

        assertThat(alerts()).containsExactly(sent("PAYMENT_DUE", PAYMENT_DUE));
    }

    @Test
    void versionsReadInReverseOrderDecideAsInOrder() throws Exception {
        start();
        placed();
        OrderChange creation = OrderChange.ofOrder(copy(row), false, position(CREATED));
        paid(PAID);
        OrderChange payment = OrderChange.ofOrder(copy(row), false, position(PAID));
        shipped(SHIP_DUE.plusSeconds(1));
        OrderChange shipment =
                OrderChange.ofOrder(copy(row), false, position(SHIP_DUE.plusSeconds(1)));
        harness.close();

        start();
        send(shipment);
        send(payment);
        send(creation);
        eventTime(SHIP_DUE.plus(Duration.ofDays(1)));

        assertThat(alerts()).containsExactly(sent("SHIP_LATE", SHIP_DUE));
    }

    @Test
    void alertsDueBeforeSuppressBeforeAreSuppressed() throws Exception {
        start(EnumSet.allOf(AlertType.class), PAYMENT_DUE.plusMillis(1));
        placed();
        paid(PAYMENT_DUE.plusSeconds(1));

        eventTime(SHIP_DUE.plus(Duration.ofDays(1)));

        assertThat(alerts())
                .containsExactly(
                        "PAYMENT_DUE at " + PAYMENT_DUE + " SUPPRESSED",
                        sent("SHIP_LATE", PAYMENT_DUE.plusSeconds(1 + 48 * 3600)));
    }

    @Test
    void anAlertSwitchedOffIsNotPlanned() throws Exception {
        start(EnumSet.of(AlertType.SHIP_LATE), Instant.EPOCH);
        placed();

        eventTime(PAYMENT_DUE.plus(Duration.ofDays(1)));

        assertThat(alerts()).isEmpty();
        assertThat(harness.numEventTimeTimers()).as("the order's settle timer only").isEqualTo(1);
    }

    @Test
    void theOrderKeepsOneTimer() throws Exception {
        start();
        placedWithPromise(PROMISED);
        paid(PAID);

        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }
}
