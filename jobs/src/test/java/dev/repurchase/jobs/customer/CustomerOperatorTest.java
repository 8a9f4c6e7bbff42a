package dev.repurchase.jobs.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.predict.PredictionModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timer paths of SPEC section 4 with lead 5 days, grace 10 days, default cycle 30 days, dormant
 * after 90 and churned after 180 days, learned cycles from 3 intervals.
 */
class CustomerOperatorTest {

    private static final String ALICE = "alice";

    private static final Instant JAN_01 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant JAN_20 = Instant.parse("2025-01-20T10:00:00Z");

    /** JAN_01 + 30 days - 5 days lead. */
    private static final Instant JAN_26 = Instant.parse("2025-01-26T10:00:00Z");

    /** JAN_01 + 30 days. */
    private static final Instant JAN_31 = Instant.parse("2025-01-31T10:00:00Z");

    /** JAN_01 + 30 days + 10 days grace. */
    private static final Instant FEB_10 = Instant.parse("2025-02-10T10:00:00Z");

    /** JAN_01 + 90 days. */
    private static final Instant APR_01 = Instant.parse("2025-04-01T10:00:00Z");

    /** JAN_01 + 180 days. */
    private static final Instant JUN_30 = Instant.parse("2025-06-30T10:00:00Z");

    private KeyedBroadcastOperatorTestHarness<
                    String, CustomerChange, Either<CategoryCycle, PredictionModel>, MetricDelta>
            harness;
    private final List<Purchase> purchases = new ArrayList<>();

    private void start(String... options) throws Exception {
        Configuration config = new Configuration();
        config.setString("reminders.lead-days", "5");
        config.setString("reminders.grace-days", "10");
        config.setString("reminders.min-samples", "3");
        config.setString("reminders.suppress-before", "2000-01-01T00:00:00Z");
        for (String option : options) {
            String[] kv = option.split("=", 2);
            config.setString(kv[0], kv[1]);
        }
        harness = CustomerHarness.start(config, Instant.now(), null);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /** A purchase becomes known (its change stamped at its time), whatever event time it is. */
    private void arrives(String orderId, Instant at) throws Exception {
        Purchase p = new Purchase();
        p.orderId = orderId;
        p.purchasedAt = at.toEpochMilli();
        p.netCents = 3000;
        p.categories = new String[] {"coffee"};
        p.primaryCategory = "coffee";
        purchases.add(p);
        harness.processElement(
                new StreamRecord<>(
                        CustomerChange.of(PurchaseChange.upsert(ALICE, p)), at.toEpochMilli()));
    }

    /** A purchase, and event time moving on to it. */
    private void buys(String orderId, Instant at) throws Exception {
        arrives(orderId, at);
        timeIs(at);
    }

    /** The order is refunded by a change stamped {@code at}, read now whatever event time it is. */
    private void refunded(String orderId, Instant at) throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        CustomerChange.of(PurchaseChange.remove(ALICE, orderId)),
                        at.toEpochMilli()));
    }

    private List<String> firedWithBasis() {
        return triggers().stream()
                .map(
                        t ->
                                t.type
                                        + " "
                                        + Instant.ofEpochMilli(t.dueAt)
                                        + " from "
                                        + Instant.ofEpochMilli(t.lastPurchaseAt))
                .toList();
    }

    /** Every purchase refunded at JAN_20. */
    private void leaves() throws Exception {
        for (Purchase p : purchases) {
            harness.processElement(
                    new StreamRecord<>(
                            CustomerChange.of(PurchaseChange.remove(ALICE, p.orderId)),
                            JAN_20.toEpochMilli()));
        }
        purchases.clear();
    }

    /** Event time reaches {@code now} on both inputs (the operator takes the lower one). */
    private void timeIs(Instant now) throws Exception {
        harness.processWatermark(new Watermark(now.toEpochMilli()));
        harness.processBroadcastWatermark(new Watermark(now.toEpochMilli()));
    }

    private List<Trigger> triggers() {
        var out = harness.getSideOutput(CustomerOperator.TRIGGERS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    private List<String> firedTypes() {
        return triggers().stream().map(t -> t.type).toList();
    }

    private List<String> stageMoves() {
        var out = harness.getSideOutput(CustomerOperator.LIFECYCLE_EVENTS);
        return out == null
                ? List.of()
                : out.stream()
                        .map(r -> r.getValue().fromStage + ">" + r.getValue().toStage)
                        .toList();
    }

    private int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    /** The emitted deltas summed per row, e.g. LIFECYCLE_STAGE_COUNT[NEW] -> 1. */
    private Map<String, Long> counts() {
        Map<String, Long> sums = new HashMap<>();
        for (MetricDelta d : harness.extractOutputValues()) {
            sums.merge(d.key.toString(), d.values[0], Long::sum);
        }
        sums.values().removeIf(v -> v == 0);
        return sums;
    }

    @Test
    void reminderFiresAtExpectedDateMinusLead() throws Exception {
        start();
        buys("A", JAN_01);

        timeIs(JAN_26.minusMillis(1));
        assertThat(triggers()).isEmpty();

        timeIs(JAN_26);
        assertThat(firedTypes()).containsExactly("REPLENISH_REMINDER");
        Trigger reminder = triggers().get(0);
        assertThat(reminder.dueAt).isEqualTo(JAN_26.toEpochMilli());
        assertThat(reminder.expectedAt).isEqualTo(JAN_31.toEpochMilli());
        assertThat(reminder.lastPurchaseAt).isEqualTo(JAN_01.toEpochMilli());
        assertThat(reminder.category).isEqualTo("coffee");
        assertThat(reminder.status).isEqualTo(Trigger.SENT);
        assertThat(reminder.reason).contains("cycles.default");
    }

    @Test
    void purchaseBeforeTheDueTimeCancelsTheReminder() throws Exception {
        start();
        buys("A", JAN_01);
        buys("B", JAN_20);

        timeIs(FEB_10);

        // Planned afresh from JAN_20: due 30 - 5 days later, on 14 February.
        assertThat(triggers()).isEmpty();
        timeIs(Instant.parse("2025-02-14T10:00:00Z"));
        assertThat(firedTypes()).containsExactly("REPLENISH_REMINDER");
        assertThat(triggers().get(0).lastPurchaseAt).isEqualTo(JAN_20.toEpochMilli());
    }

    @Test
    void overdueFollowUpComesAfterTheGrace() throws Exception {
        start();
        buys("A", JAN_01);

        timeIs(FEB_10.minusMillis(1));
        assertThat(firedTypes()).containsExactly("REPLENISH_REMINDER");

        timeIs(FEB_10);
        assertThat(firedTypes()).containsExactly("REPLENISH_REMINDER", "OVERDUE_FOLLOW_UP");
    }

    @Test
    void dormantThenChurnedWithTheirTransitions() throws Exception {
        start();
        buys("A", JAN_01);
        assertThat(counts()).containsEntry("LIFECYCLE_STAGE_COUNT[NEW]", 1L);

        timeIs(APR_01);
        assertThat(firedTypes()).endsWith("DORMANT");
        assertThat(counts())
                .containsEntry("LIFECYCLE_STAGE_COUNT[DORMANT]", 1L)
                .doesNotContainKey("LIFECYCLE_STAGE_COUNT[NEW]");

        timeIs(JUN_30);
        assertThat(firedTypes()).endsWith("DORMANT", "CHURNED");
        assertThat(stageMoves()).containsExactly("null>NEW", "NEW>DORMANT", "DORMANT>CHURNED");
        assertThat(counts())
                .containsEntry("LIFECYCLE_STAGE_COUNT[CHURNED]", 1L)
                .doesNotContainKeys("LIFECYCLE_STAGE_COUNT[NEW]", "LIFECYCLE_STAGE_COUNT[DORMANT]");
    }

    @Test
    void secondPurchaseMakesTheCustomerActive() throws Exception {
        start();
        buys("A", JAN_01);
        buys("B", JAN_20);

        assertThat(stageMoves()).containsExactly("null>NEW", "NEW>ACTIVE");
        assertThat(counts())
                .containsEntry("LIFECYCLE_STAGE_COUNT[ACTIVE]", 1L)
                .doesNotContainKey("LIFECYCLE_STAGE_COUNT[NEW]");
    }

    @Test
    void purchasesArrivingOutOfOrderPlanFromTheirOwnTime() throws Exception {
        start();
        arrives("B", JAN_20);
        arrives("A", JAN_01);

        timeIs(Instant.parse("2025-02-14T10:00:00Z"));

        // A's reminder (due 26 January) is cancelled by B; B's is due 14 February.
        assertThat(triggers())
                .extracting(t -> t.type + " " + Instant.ofEpochMilli(t.lastPurchaseAt))
                .containsExactly("REPLENISH_REMINDER " + JAN_20);
        assertThat(stageMoves()).containsExactly("null>NEW", "NEW>ACTIVE");
    }

    @Test
    void aLaterPurchaseKnownEarlyDoesNotCancelWhatIsDueBeforeIt() throws Exception {
        start();
        arrives("C", Instant.parse("2025-03-01T10:00:00Z"));
        buys("A", JAN_01);

        timeIs(FEB_10);

        assertThat(firedTypes()).containsExactly("REPLENISH_REMINDER", "OVERDUE_FOLLOW_UP");
        assertThat(triggers()).allMatch(t -> t.lastPurchaseAt == JAN_01.toEpochMilli());
    }

    @Test
    void learnedCategoryCycleComesBeforeTheConfiguredOne() throws Exception {
        start("cycles.coffee=20");
        harness.processBroadcastElement(
                new StreamRecord<>(
                        Either.<CategoryCycle, PredictionModel>Left(
                                new CategoryCycle("coffee", 3, 14))));
        buys("A", JAN_01);

        timeIs(JAN_01.plus(java.time.Duration.ofDays(14 - 5)));

        assertThat(firedTypes()).containsExactly("REPLENISH_REMINDER");
        assertThat(triggers().get(0).reason).contains("learned median of coffee");
    }

    @Test
    void configuredCategoryCycleWhenTooFewLearnedIntervals() throws Exception {
        start("cycles.coffee=20");
        harness.processBroadcastElement(
                new StreamRecord<>(
                        Either.<CategoryCycle, PredictionModel>Left(
                                new CategoryCycle("coffee", 2, 14))));
        buys("A", JAN_01);

        timeIs(JAN_01.plus(java.time.Duration.ofDays(20 - 5)));

        assertThat(firedTypes()).containsExactly("REPLENISH_REMINDER");
        assertThat(triggers().get(0).reason).contains("cycles.coffee");
    }

    @Test
    void ownMedianComesFirstFromThreePurchases() throws Exception {
        start("cycles.coffee=20");
        harness.processBroadcastElement(
                new StreamRecord<>(
                        Either.<CategoryCycle, PredictionModel>Left(
                                new CategoryCycle("coffee", 50, 14))));
        buys("A", JAN_01);
        buys("B", JAN_01.plus(java.time.Duration.ofDays(10)));
        buys("C", JAN_01.plus(java.time.Duration.ofDays(18)));

        // intervals 10 and 8: lower median 8; due 8 - 5 = 3 days after the last purchase
        Instant due = JAN_01.plus(java.time.Duration.ofDays(18 + 3));
        timeIs(due.minusMillis(1));
        assertThat(triggersAfter("C")).isEmpty();
        timeIs(due);
        assertThat(triggersAfter("C"))
                .extracting(t -> t.type)
                .containsExactly("REPLENISH_REMINDER");
        assertThat(triggersAfter("C").get(0).reason).contains("own median");
        // A, with 1 purchase, took the learned 14 days: due on day 9, before B on day 10
        assertThat(triggersAfter("A"))
                .extracting(t -> t.type + " " + t.reason)
                .containsExactly(
                        "REPLENISH_REMINDER expected repurchase after 14 days (learned median of coffee (50 intervals))");
    }

    private List<Trigger> triggersAfter(String orderId) {
        long at =
                purchases.stream()
                        .filter(p -> p.orderId.equals(orderId))
                        .findFirst()
                        .orElseThrow()
                        .purchasedAt;
        return triggers().stream().filter(t -> t.lastPurchaseAt == at).toList();
    }

    @Test
    void triggersDueBeforeSuppressBeforeAreLoggedNotSent() throws Exception {
        start("reminders.suppress-before=2025-02-01T00:00:00Z");
        buys("A", JAN_01);

        timeIs(FEB_10);

        assertThat(triggers())
                .extracting(t -> t.type + " " + t.status)
                .containsExactly("REPLENISH_REMINDER SUPPRESSED", "OVERDUE_FOLLOW_UP SENT");
    }

    @Test
    void triggerIdsAreDeterministic() throws Exception {
        start();
        buys("A", JAN_01);
        timeIs(JAN_26);
        String first = triggers().get(0).triggerId;
        harness.close();

        purchases.clear();
        start();
        buys("A", JAN_01);
        timeIs(JAN_26);

        assertThat(triggers().get(0).triggerId).isEqualTo(first);
    }

    @Test
    void oneTimerPerCustomerAndNothingLeftWhenTheCustomerLeaves() throws Exception {
        start();
        buys("A", JAN_01);
        buys("B", JAN_20);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        leaves();

        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(keyedStateEntries()).isZero();
        assertThat(counts()).isEmpty();
    }

    @Test
    void timersPastTheEndOfEventTimeDoNotFire() throws Exception {
        start("time.end=2025-01-25T00:00:00Z");
        buys("A", JAN_01);

        timeIs(Instant.parse("2100-01-01T00:00:00Z"));

        assertThat(triggers()).isEmpty();
        assertThat(stageMoves()).containsExactly("null>NEW");
    }

    // ---- As of the due time (SPEC 4.1): B on JAN_20 plans REPLENISH 14 Feb and OVERDUE 1 Mar ----

    private static final Instant FEB_14 = Instant.parse("2025-02-14T10:00:00Z");
    private static final Instant MAR_01 = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void aRefundStampedAfterTheDueTimeAndReadFirstChangesNothingDueBeforeIt() throws Exception {
        start();
        buys("A", JAN_01);
        buys("B", JAN_20);
        refunded("B", Instant.parse("2025-03-05T10:00:00Z"));

        timeIs(MAR_01);

        assertThat(firedWithBasis())
                .containsExactly(
                        "REPLENISH_REMINDER " + FEB_14 + " from " + JAN_20,
                        "OVERDUE_FOLLOW_UP " + MAR_01 + " from " + JAN_20);
        assertThat(stageMoves()).containsExactly("null>NEW", "NEW>ACTIVE");
    }

    @Test
    void theRefundTakesEffectWhenEventTimeReachesItsStamp() throws Exception {
        start();
        buys("A", JAN_01);
        buys("B", JAN_20);
        refunded("B", Instant.parse("2025-03-05T10:00:00Z"));

        timeIs(APR_01);

        // From 5 March the plan is A's alone: only its DORMANT (1 April) is still ahead.
        assertThat(firedWithBasis())
                .containsExactly(
                        "REPLENISH_REMINDER " + FEB_14 + " from " + JAN_20,
                        "OVERDUE_FOLLOW_UP " + MAR_01 + " from " + JAN_20,
                        "DORMANT " + APR_01 + " from " + JAN_01);
        assertThat(stageMoves())
                .containsExactly("null>NEW", "NEW>ACTIVE", "ACTIVE>NEW", "NEW>DORMANT");
    }

    @Test
    void aRefundStampedBeforeTheDueTimeAndReadFirstPlansAfresh() throws Exception {
        start();
        buys("A", JAN_01);
        buys("B", JAN_20);
        refunded("B", FEB_01);

        timeIs(FEB_14);

        // At 1 February the plan is A's again: its reminder (26 January) is past, its follow-up
        // (10 February) still ahead; B's reminder due 14 February is gone.
        assertThat(firedWithBasis())
                .containsExactly("OVERDUE_FOLLOW_UP " + FEB_10 + " from " + JAN_01);
    }

    @Test
    void aRefundStampedExactlyAtTheDueTimeCancelsIt() throws Exception {
        start();
        buys("A", JAN_01);
        buys("B", JAN_20);
        refunded("B", FEB_14);

        timeIs(FEB_14);

        assertThat(triggers()).isEmpty();
    }

    @Test
    void theSameTriggersWhateverOrderTheOrdersAreReadIn() throws Exception {
        start();
        buys("A", JAN_01);
        buys("B", JAN_20);
        timeIs(FEB_14);
        refunded("B", Instant.parse("2025-03-05T10:00:00Z"));
        timeIs(APR_01);
        List<String> inOrder = firedWithBasis();
        harness.close();

        // Each order's own changes come in order (one order versions subtask emits them); across
        // orders anything goes.
        purchases.clear();
        start();
        arrives("B", JAN_20);
        refunded("B", Instant.parse("2025-03-05T10:00:00Z"));
        arrives("A", JAN_01);
        timeIs(APR_01);

        assertThat(firedWithBasis()).isEqualTo(inOrder).hasSize(3);
    }

    private static final Instant FEB_01 = Instant.parse("2025-02-01T10:00:00Z");

    // ---- Habitual time (SPEC 4.4): 20:xx in Shanghai three times ----

    @Test
    void aReminderMovesToTheHabitualHourAndTheProfileShowsIt() throws Exception {
        start("reminders.at-habitual-hour=true", "timezone=Asia/Shanghai");
        buys("A", Instant.parse("2025-01-01T12:30:00Z")); // Wednesday 20:30 local
        buys("B", Instant.parse("2025-01-11T12:10:00Z")); // Saturday 20:10
        buys("C", Instant.parse("2025-01-21T12:40:00Z")); // Tuesday 20:40

        timeIs(Instant.parse("2025-01-27T00:00:00Z"));

        // Own median 9 days: expected 30 January 12:40 UTC, reminder 5 days before at 20:40
        // local, moved to the next 20:00 local.
        Trigger reminder = triggers().get(triggers().size() - 1);
        assertThat(reminder.type).isEqualTo("REPLENISH_REMINDER");
        assertThat(Instant.ofEpochMilli(reminder.dueAt))
                .isEqualTo(Instant.parse("2025-01-26T12:00:00Z"));
        assertThat(Instant.ofEpochMilli(reminder.expectedAt))
                .isEqualTo(Instant.parse("2025-01-30T12:40:00Z"));
        var profiles = harness.getSideOutput(CustomerOperator.PROFILES);
        CustomerProfile latest = profiles.stream().reduce((a, b) -> b).orElseThrow().getValue();
        assertThat(latest.habitualHour).isEqualTo(20);
        assertThat(latest.habitualWeekday)
                .as("three weekdays once each: the smallest")
                .isEqualTo(2);
    }
}
