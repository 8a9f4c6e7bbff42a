package dev.repurchase.jobs.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.order.Coupon;
import dev.repurchase.common.order.CouponUpdate;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.predict.PredictionModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * COUPON_EXPIRING with lead 3 days: Alice's coupon CP-1 of the campaign spring, issued 1 January,
 * expires 20 January, so its reminder is due 17 January; coupon_stat with a 30-day window.
 */
class CustomerCouponsTest {

    private static final String ALICE = "alice";
    private static final String CP_1 = "CP-1";

    private static final Instant JAN_01 = Instant.parse("2025-01-01T09:00:00Z");
    private static final Instant JAN_05 = Instant.parse("2025-01-05T09:00:00Z");
    private static final Instant JAN_10 = Instant.parse("2025-01-10T09:00:00Z");

    /** JAN_20 - 3 days: the reminder of the coupon as issued. */
    private static final Instant JAN_17 = Instant.parse("2025-01-17T09:00:00Z");

    private static final Instant JAN_18 = Instant.parse("2025-01-18T09:00:00Z");
    private static final Instant JAN_20 = Instant.parse("2025-01-20T09:00:00Z");

    /** FEB_10 - 3 days: the reminder once the expiry moved to FEB_10. */
    private static final Instant FEB_07 = Instant.parse("2025-02-07T09:00:00Z");

    private static final Instant FEB_10 = Instant.parse("2025-02-10T09:00:00Z");

    private KeyedBroadcastOperatorTestHarness<
                    String, CustomerChange, Either<CategoryCycle, PredictionModel>, MetricDelta>
            harness;
    private final List<Purchase> purchases = new ArrayList<>();
    private long lsn;

    private void start(String... options) throws Exception {
        Configuration config = new Configuration();
        config.setString("reminders.suppress-before", "2000-01-01T00:00:00Z");
        config.setString("campaign.window-days", "30");
        for (String option : options) {
            String[] kv = option.split("=", 2);
            config.setString(kv[0], kv[1]);
        }
        harness = CustomerHarness.start(config, Instant.now(), null);
    }

    /**
     * A task attempt of a job started at {@code jobStart} without {@code
     * reminders.suppress-before}, restored from {@code checkpoint} unless null.
     */
    private void startedAt(Instant jobStart, OperatorSubtaskState checkpoint) throws Exception {
        Configuration config = new Configuration();
        config.setString("campaign.window-days", "30");
        harness = CustomerHarness.start(config, jobStart, checkpoint);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static Coupon coupon(Instant expires, String redeemedBy) {
        return new Coupon(
                CP_1, ALICE, "spring", JAN_01.toEpochMilli(), expires.toEpochMilli(), redeemedBy);
    }

    /** A version of the coupon, committed at {@code at}, becomes known. */
    private void couponIs(Coupon coupon, Instant at) throws Exception {
        SourcePosition position = new SourcePosition(at.toEpochMilli(), ++lsn, 0);
        harness.processElement(
                new StreamRecord<>(
                        CustomerChange.of(
                                coupon == null
                                        ? CouponUpdate.remove(ALICE, CP_1, position)
                                        : CouponUpdate.upsert(coupon, position)),
                        at.toEpochMilli()));
    }

    private void issued() throws Exception {
        couponIs(coupon(JAN_20, null), JAN_01);
    }

    /** A valid purchase of Alice becomes known, using {@code couponId} (null: none). */
    private void buys(String orderId, Instant at, String couponId) throws Exception {
        Purchase p = new Purchase();
        p.orderId = orderId;
        p.purchasedAt = at.toEpochMilli();
        p.netCents = 3000;
        p.categories = new String[] {"coffee"};
        p.primaryCategory = "coffee";
        p.couponId = couponId;
        purchases.add(p);
        harness.processElement(
                new StreamRecord<>(
                        CustomerChange.of(PurchaseChange.upsert(ALICE, p)), at.toEpochMilli()));
    }

    /** Event time reaches {@code now} on both inputs. */
    private void timeIs(Instant now) throws Exception {
        harness.processWatermark(new Watermark(now.toEpochMilli()));
        harness.processBroadcastWatermark(new Watermark(now.toEpochMilli()));
    }

    private List<Trigger> triggers() {
        var out = harness.getSideOutput(CustomerOperator.TRIGGERS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    private List<String> dueTimes() {
        return triggers().stream().map(t -> Instant.ofEpochMilli(t.dueAt).toString()).toList();
    }

    private int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    /** Alice's coupon reminder plans: what must drain. */
    private long reminderPlans() throws Exception {
        CustomerState state = CustomerStates.of(harness, ALICE);
        return state == null ? 0 : state.couponReminders.size();
    }

    /** The emitted coupon_stat deltas summed per campaign. */
    private Map<String, List<Long>> couponStats() {
        Map<String, long[]> sums = new HashMap<>();
        for (MetricDelta d : harness.extractOutputValues()) {
            if (!d.key.toString().startsWith("COUPON_STAT")) {
                continue; // the customer's stage and segment counts
            }
            long[] sum = sums.computeIfAbsent(d.key.toString(), k -> new long[4]);
            for (int i = 0; i < 4; i++) {
                sum[i] += d.values[i];
            }
        }
        Map<String, List<Long>> view = new HashMap<>();
        sums.forEach(
                (k, v) -> {
                    if (java.util.Arrays.stream(v).anyMatch(x -> x != 0)) {
                        view.put(k, java.util.Arrays.stream(v).boxed().toList());
                    }
                });
        return view;
    }

    @Test
    void firesLeadDaysBeforeTheCouponExpires() throws Exception {
        start();
        issued();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        timeIs(JAN_17.minusMillis(1));
        assertThat(triggers()).isEmpty();

        timeIs(JAN_17);
        assertThat(triggers()).hasSize(1);
        Trigger t = triggers().get(0);
        assertThat(t.type).isEqualTo("COUPON_EXPIRING");
        assertThat(t.customerId).isEqualTo(ALICE);
        assertThat(t.dueAt).isEqualTo(JAN_17.toEpochMilli());
        assertThat(t.couponId).isEqualTo(CP_1);
        assertThat(t.campaignId).isEqualTo("spring");
        assertThat(t.expiresAt).isEqualTo(JAN_20.toEpochMilli());
        assertThat(t.status).isEqualTo(Trigger.SENT);
        assertThat(t.lastPurchaseAt).as("no purchase yet").isNull();
        assertThat(t.segment).isNull();
        assertThat(t.reason).contains(CP_1, "spring", JAN_20.toString());
    }

    @Test
    void reminderStateDrainsOnceItFired() throws Exception {
        start();
        issued();
        assertThat(reminderPlans()).isEqualTo(1);

        timeIs(JAN_17);
        timeIs(JAN_20.plusSeconds(86_400));

        assertThat(triggers()).hasSize(1);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(reminderPlans()).isZero();
        // What stays is the coupon itself, for coupon_stat (exact under later refunds).
        assertThat(keyedStateEntries()).isEqualTo(1);
    }

    @Test
    void redemptionBeforeTheDueTimeCancelsIt() throws Exception {
        start();
        issued();
        couponIs(coupon(JAN_20, "o-1"), JAN_10);
        timeIs(JAN_10);

        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(reminderPlans()).isZero();
        timeIs(JAN_20);
        assertThat(triggers()).isEmpty();
    }

    @Test
    void aPurchaseUsingTheCouponBeforeTheDueTimeCancelsIt() throws Exception {
        start();
        issued();
        buys("o-1", JAN_10, CP_1);

        timeIs(JAN_20);

        assertThat(triggers()).isEmpty();
        assertThat(reminderPlans()).isZero();
    }

    @Test
    void aPurchaseUsingTheCouponAfterTheDueTimeDoesNot() throws Exception {
        start();
        issued();
        buys("o-1", JAN_18, CP_1);

        timeIs(JAN_20);

        assertThat(dueTimes()).containsExactly(JAN_17.toString());
        Trigger t = triggers().get(0);
        assertThat(t.lastPurchaseAt).as("as of the due time: none yet").isNull();
    }

    @Test
    void deletionCancelsItAndLeavesNoState() throws Exception {
        start();
        issued();
        couponIs(null, JAN_05);
        timeIs(JAN_05);

        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(keyedStateEntries()).isZero();
        assertThat(couponStats()).isEmpty();
        timeIs(JAN_20);
        assertThat(triggers()).isEmpty();
    }

    @Test
    void anUpdateOfTheExpiryMovesIt() throws Exception {
        start();
        issued();
        couponIs(coupon(FEB_10, null), JAN_10);

        timeIs(JAN_20);
        assertThat(triggers()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        timeIs(FEB_07);
        assertThat(dueTimes()).containsExactly(FEB_07.toString());
        assertThat(triggers().get(0).expiresAt).isEqualTo(FEB_10.toEpochMilli());
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(reminderPlans()).isZero();
    }

    @Test
    void anExpiryMovedAfterTheReminderCameDueRemindsAgain() throws Exception {
        start();
        issued();
        timeIs(JAN_17);
        couponIs(coupon(FEB_10, null), JAN_18);

        timeIs(FEB_10);

        assertThat(dueTimes()).containsExactly(JAN_17.toString(), FEB_07.toString());
        assertThat(triggers().get(0).triggerId).isNotEqualTo(triggers().get(1).triggerId);
    }

    @Test
    void aRedemptionKnownEarlyStillLetsTheReminderOfItsTimeFire() throws Exception {
        start();
        issued();
        // Redeemed on 18 January, after the reminder was due: known before event time got there.
        couponIs(coupon(JAN_20, "o-1"), JAN_18);

        timeIs(JAN_20);

        assertThat(dueTimes()).containsExactly(JAN_17.toString());
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(reminderPlans()).isZero();
    }

    @Test
    void aRedemptionArrivingLateButCommittedBeforeTheDueTimeCancelsIt() throws Exception {
        start();
        issued();
        timeIs(JAN_10);
        // Committed on 10 January, arriving while event time is still before the due time.
        couponIs(coupon(JAN_20, "o-1"), JAN_10);

        timeIs(JAN_20);

        assertThat(triggers()).isEmpty();
    }

    @Test
    void aCouponIssuedWithinTheLeadTimeGetsNoReminder() throws Exception {
        start();
        couponIs(
                new Coupon(CP_1, ALICE, null, JAN_18.toEpochMilli(), JAN_20.toEpochMilli(), null),
                JAN_18);

        timeIs(FEB_10);

        assertThat(triggers()).isEmpty();
        assertThat(reminderPlans()).isZero();
    }

    @Test
    void aReminderDueBeforeSuppressBeforeIsLoggedNotSent() throws Exception {
        start("reminders.suppress-before=2025-06-01T00:00:00Z");
        issued();

        timeIs(JAN_17);

        assertThat(triggers()).extracting(t -> t.status).containsExactly(Trigger.SUPPRESSED);
    }

    @Test
    void theTriggerDescribesTheCustomerAsOfItsDueTimeWithADeterministicId() throws Exception {
        start();
        buys("o-0", JAN_05, null);
        issued();
        timeIs(JAN_17);
        Trigger first = triggers().get(0);
        harness.close();

        purchases.clear();
        start();
        issued();
        buys("o-0", JAN_05, null);
        timeIs(JAN_17);
        Trigger again = triggers().get(0);

        assertThat(again.triggerId).isEqualTo(first.triggerId);
        assertThat(first.lastPurchaseAt).isEqualTo(JAN_05.toEpochMilli());
        assertThat(first.category).isEqualTo("coffee");
        assertThat(first.segment).isNotNull();
    }

    @Test
    void nothingFiresAfterTheEndOfEventTime() throws Exception {
        start("time.end=2025-01-15T00:00:00Z");
        issued();

        timeIs(JAN_20);

        assertThat(triggers()).isEmpty();
    }

    @Test
    void couponStatCountsIssuedRedeemedAndNonRedeemersWhoBoughtAnyway() throws Exception {
        start();
        issued();
        assertThat(couponStats())
                .containsOnly(Map.entry("COUPON_STAT[spring]", List.of(1L, 0L, 1L, 0L)));

        buys("o-1", JAN_10, null);
        assertThat(couponStats())
                .containsOnly(Map.entry("COUPON_STAT[spring]", List.of(1L, 0L, 1L, 1L)));

        buys("o-2", JAN_18, CP_1);
        assertThat(couponStats())
                .containsOnly(Map.entry("COUPON_STAT[spring]", List.of(1L, 1L, 0L, 0L)));

        // Both purchases refunded: the coupon is unused again, and Alice bought nothing.
        for (Purchase p : purchases) {
            harness.processElement(
                    new StreamRecord<>(
                            CustomerChange.of(PurchaseChange.remove(ALICE, p.orderId)),
                            JAN_20.toEpochMilli()));
        }
        purchases.clear();
        assertThat(couponStats())
                .containsOnly(Map.entry("COUPON_STAT[spring]", List.of(1L, 0L, 1L, 0L)));

        // Once its reminder is handled and the coupon deleted, nothing of Alice is left.
        timeIs(JAN_20);
        couponIs(null, JAN_20.plusSeconds(60));
        assertThat(couponStats()).isEmpty();
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    /**
     * First started on JAN_10, the job suppresses what is due before JAN_09. Restored on FEB_10 it
     * keeps that instant: the reminder due JAN_17 is sent, not suppressed as it would be by a
     * default moving to FEB_09 with the restart.
     */
    @Test
    void theDefaultSuppressionIsThatOfTheFirstStartAfterARestore() throws Exception {
        startedAt(JAN_10, null);
        issued();
        timeIs(JAN_10);
        OperatorSubtaskState checkpoint = harness.snapshot(1, 0);
        harness.close();

        startedAt(FEB_10, checkpoint);
        timeIs(JAN_18);

        assertThat(triggers())
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.dueAt).isEqualTo(JAN_17.toEpochMilli());
                            assertThat(t.status).isEqualTo(Trigger.SENT);
                        });
    }
}
