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
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the customer operator sends must not depend on when it evaluates a customer: not after a
 * restore (event time starts over), nor when a purchase is learnt of long after it was made.
 * Default cycle 30 days, lead 5, grace 10, dormant after 90 and churned after 180 days; R scores by
 * 30, 60, 90, 180 days.
 */
class CustomerRestoreTest {

    private static final String ALICE = "alice";
    private static final Instant JAN_01 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant JAN_20 = Instant.parse("2025-01-20T10:00:00Z");
    private static final Instant FEB_01 = Instant.parse("2025-02-01T10:00:00Z");
    private static final Instant FEB_11 = Instant.parse("2025-02-11T10:00:00Z");
    private static final Instant MAR_01 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant MAY_01 = Instant.parse("2025-05-01T10:00:00Z");
    private static final Instant MAY_05 = Instant.parse("2025-05-05T10:00:00Z");
    private static final Instant MAY_06 = Instant.parse("2025-05-06T10:00:00Z");
    private static final Instant AUG_01 = Instant.parse("2025-08-01T10:00:00Z");

    private KeyedBroadcastOperatorTestHarness<
                    String, CustomerChange, Either<CategoryCycle, PredictionModel>, MetricDelta>
            harness;
    private final List<Purchase> purchases = new ArrayList<>();

    /** A task attempt of the lifecycle, restored from {@code checkpoint} unless null. */
    private void start(OperatorSubtaskState checkpoint) throws Exception {
        start(checkpoint, Instant.now(), "reminders.suppress-before=2000-01-01T00:00:00Z");
    }

    /** A start of the job at {@code jobStart} with {@code options} (key=value). */
    private void start(OperatorSubtaskState checkpoint, Instant jobStart, String... options)
            throws Exception {
        Configuration config = new Configuration();
        config.setString("reminders.lead-days", "5");
        config.setString("reminders.grace-days", "10");
        for (String option : options) {
            String[] kv = option.split("=", 2);
            config.setString(kv[0], kv[1]);
        }
        harness = CustomerHarness.start(config, jobStart, checkpoint);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

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

    private void timeIs(Instant now) throws Exception {
        harness.processWatermark(new Watermark(now.toEpochMilli()));
        harness.processBroadcastWatermark(new Watermark(now.toEpochMilli()));
    }

    private List<String> stageMoves() {
        var out = harness.getSideOutput(CustomerOperator.LIFECYCLE_EVENTS);
        return out == null
                ? List.of()
                : out.stream()
                        .map(e -> e.getValue().fromStage + ">" + e.getValue().toStage)
                        .toList();
    }

    private List<String> triggers() {
        var out = harness.getSideOutput(CustomerOperator.TRIGGERS);
        return out == null
                ? List.of()
                : out.stream()
                        .map(StreamRecord::getValue)
                        .map(t -> t.type + " " + Instant.ofEpochMilli(t.dueAt) + " " + t.segment)
                        .toList();
    }

    private List<String> triggerStatuses() {
        var out = harness.getSideOutput(CustomerOperator.TRIGGERS);
        return out == null
                ? List.of()
                : out.stream()
                        .map(StreamRecord::getValue)
                        .map(t -> t.type + " " + t.status)
                        .toList();
    }

    /**
     * The job first started on FEB_01, so triggers due before JAN_31 are suppressed. Restored on
     * MAR_01, it keeps that instant: the follow-up due FEB_10 is sent, not suppressed as it would
     * be by a default moving to FEB_28 with the restart.
     */
    @Test
    void theDefaultSuppressionIsThatOfTheFirstStartAfterARestore() throws Exception {
        start(null, FEB_01);
        arrives("o1", JAN_01);
        timeIs(JAN_20);
        OperatorSubtaskState checkpoint = harness.snapshot(1, 0);
        harness.close();

        start(checkpoint, MAR_01);
        timeIs(FEB_11);

        assertThat(triggerStatuses())
                .containsExactly("REPLENISH_REMINDER SUPPRESSED", "OVERDUE_FOLLOW_UP SENT");
    }

    @Test
    void anExplicitSuppressionWinsOverTheKeptDefault() throws Exception {
        start(null, FEB_01);
        arrives("o1", JAN_01);
        timeIs(JAN_20);
        OperatorSubtaskState checkpoint = harness.snapshot(1, 0);
        harness.close();

        start(checkpoint, MAR_01, "reminders.suppress-before=2025-02-28T10:00:00Z");
        timeIs(FEB_11);

        assertThat(triggerStatuses())
                .containsExactly("REPLENISH_REMINDER SUPPRESSED", "OVERDUE_FOLLOW_UP SUPPRESSED");
    }

    @Test
    void aRestoredCustomerIsNotEvaluatedBackInTime() throws Exception {
        start(null);
        arrives("o1", JAN_01);
        arrives("o2", JAN_20);
        timeIs(MAY_01);
        assertThat(stageMoves()).containsExactly("null>NEW", "NEW>ACTIVE", "ACTIVE>DORMANT");
        OperatorSubtaskState checkpoint = harness.snapshot(1, 0);
        harness.close();

        // Restored, event time starts over: the next purchase comes before any watermark.
        start(checkpoint);
        arrives("o3", MAY_05);
        timeIs(MAY_06);

        assertThat(stageMoves()).containsExactly("DORMANT>ACTIVE");
        assertThat(triggers()).as("all due before the checkpoint, sent then").isEmpty();
    }

    @Test
    void aTriggerCarriesTheSegmentOfItsDueTimeHoweverLateItIsEvaluated() throws Exception {
        start(null);
        timeIs(AUG_01);

        // Learnt of seven months late: every trigger of it is due, and the customer is
        // CHURNED (R = 1) by now, but at each due time she was REGULAR.
        arrives("o1", JAN_01);

        assertThat(triggers())
                .containsExactlyInAnyOrder(
                        "REPLENISH_REMINDER 2025-01-26T10:00:00Z REGULAR",
                        "OVERDUE_FOLLOW_UP 2025-02-10T10:00:00Z REGULAR",
                        "DORMANT 2025-04-01T10:00:00Z REGULAR",
                        "CHURNED 2025-06-30T10:00:00Z REGULAR");
    }
}
