package dev.repurchase.jobs.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.predict.PredictionModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shop's trigger rules (SPEC 4.3) in the customer operator: each condition at its edges, the
 * filters, and the as-of rule. Alice's purchases are stamped at their own time; built-in triggers
 * are kept out of the way (a cycle of 1000 days, dormant and churned late).
 */
class CustomerRulesTest {

    private static final String ALICE = "alice";
    private static final Instant JAN_01 = Instant.parse("2025-01-01T10:00:00Z");

    private KeyedBroadcastOperatorTestHarness<
                    String, CustomerChange, Either<CategoryCycle, PredictionModel>, MetricDelta>
            harness;

    private void start(String... rules) throws Exception {
        Configuration config = new Configuration();
        config.setString("reminders.suppress-before", "2000-01-01T00:00:00Z");
        config.setString("cycles.default", "1000");
        config.setString("lifecycle.dormant-days", "2000");
        config.setString("lifecycle.churn-days", "3000");
        for (String rule : rules) {
            String[] kv = rule.split("=", 2);
            config.setString("trigger-rules." + kv[0], kv[1]);
        }
        harness = CustomerHarness.start(config, Instant.now(), null);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static Instant day(int n) {
        return JAN_01.plus(Duration.ofDays(n));
    }

    /** Alice buys for {@code amount} in {@code category}, her change stamped at the purchase. */
    private void buys(String orderId, Instant at, long amount, String category) throws Exception {
        Purchase p = new Purchase();
        p.orderId = orderId;
        p.purchasedAt = at.toEpochMilli();
        p.netCents = amount * 100;
        p.categories = new String[] {category};
        p.primaryCategory = category;
        harness.processElement(
                new StreamRecord<>(
                        CustomerChange.of(PurchaseChange.upsert(ALICE, p)), at.toEpochMilli()));
    }

    private void buys(String orderId, Instant at, long amount) throws Exception {
        buys(orderId, at, amount, "coffee");
    }

    private void refunded(String orderId, Instant at) throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        CustomerChange.of(PurchaseChange.remove(ALICE, orderId)),
                        at.toEpochMilli()));
    }

    private void timeIs(Instant now) throws Exception {
        harness.processWatermark(new Watermark(now.toEpochMilli()));
        harness.processBroadcastWatermark(new Watermark(now.toEpochMilli()));
    }

    /** The rule triggers sent: "TYPE due basis-time". */
    private List<String> fired() {
        var out = harness.getSideOutput(CustomerOperator.TRIGGERS);
        return out == null
                ? List.of()
                : out.stream()
                        .map(StreamRecord::getValue)
                        .filter(t -> t.type.startsWith("R_"))
                        .map(t -> t.type + " " + Instant.ofEpochMilli(t.dueAt))
                        .toList();
    }

    private Trigger only() {
        return harness.getSideOutput(CustomerOperator.TRIGGERS).stream()
                .map(StreamRecord::getValue)
                .filter(t -> t.type.startsWith("R_"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void afterFirstPurchaseFiresWhenTheCustomerStillHasOnePurchase() throws Exception {
        start("R_COUPON.after-first-purchase-days=7");
        buys("A", JAN_01, 50);

        timeIs(day(7).minusMillis(1));
        assertThat(fired()).isEmpty();
        timeIs(day(7));
        assertThat(fired()).containsExactly("R_COUPON " + day(7));
        assertThat(only().reason).isEqualTo("rule R_COUPON: after-first-purchase-days 7");
        assertThat(only().expectedAt).isNull();
    }

    @Test
    void aSecondPurchaseAtTheDueTimeCancelsAfterFirstPurchase() throws Exception {
        start("R_COUPON.after-first-purchase-days=7");
        buys("A", JAN_01, 50);
        buys("B", day(7), 50);

        timeIs(day(30));

        assertThat(fired()).isEmpty();
    }

    @Test
    void aRefundOfTheSecondPurchaseBeforeTheDueTimeBringsItBack() throws Exception {
        start("R_COUPON.after-first-purchase-days=7");
        buys("A", JAN_01, 50);
        buys("B", day(2), 50);
        refunded("B", day(5));

        timeIs(day(30));

        assertThat(fired()).containsExactly("R_COUPON " + day(7));
    }

    @Test
    void noPurchaseDaysCountsFromTheLastPurchase() throws Exception {
        start("R_QUIET.no-purchase-days=30");
        buys("A", JAN_01, 50);
        buys("B", day(10), 50);

        timeIs(day(100));

        assertThat(fired()).containsExactly("R_QUIET " + day(40));
    }

    @Test
    void spendFiresOnThePurchaseThatReachesTheAmountExactly() throws Exception {
        start("R_SPENT.spend-amount=500", "R_SPENT.spend-window-days=30");
        buys("A", JAN_01, 300);
        buys("B", day(20), 200);
        buys("C", day(25), 100);

        timeIs(day(60));

        // 300 + 200 = 500 reaches it at B; C only adds to what is reached already.
        assertThat(fired()).containsExactly("R_SPENT " + day(20));
        assertThat(only().reason).isEqualTo("rule R_SPENT: spend-amount 500 within 30 days");
    }

    @Test
    void spendCountsOnlyThePurchasesWithinTheWindow() throws Exception {
        start("R_SPENT.spend-amount=500", "R_SPENT.spend-window-days=30");
        buys("A", JAN_01, 300);
        // Exactly 30 days later: the window (B - 30 days, B] leaves A out.
        buys("B", day(30), 200);

        timeIs(day(60));

        assertThat(fired()).isEmpty();
    }

    @Test
    void aSpendTriggerStaysSentWhenItsPurchaseIsRefundedLater() throws Exception {
        start("R_SPENT.spend-amount=500", "R_SPENT.spend-window-days=30");
        buys("A", JAN_01, 300);
        buys("B", day(20), 200);
        refunded("B", day(40));

        timeIs(day(60));

        assertThat(fired()).containsExactly("R_SPENT " + day(20));
    }

    @Test
    void aSpendPurchaseRefundedBeforeEventTimeReachesItsChangeStillFires() throws Exception {
        start("R_SPENT.spend-amount=500", "R_SPENT.spend-window-days=30");
        buys("A", JAN_01, 300);
        buys("B", day(20), 200);
        // Read before event time reaches 20 January, stamped after it: B was valid then.
        refunded("B", day(22));

        timeIs(day(60));

        assertThat(fired()).containsExactly("R_SPENT " + day(20));
    }

    @Test
    void purchaseCountFiresOnTheNthPurchaseOnlyIfItIsTheLatest() throws Exception {
        start("R_THIRD.purchase-count=3");
        buys("A", JAN_01, 10);
        buys("C", day(20), 10);
        timeIs(day(21));
        // B is older than C: it makes three purchases, but it is not the latest of them.
        buys("B", day(10), 10);

        timeIs(day(60));

        assertThat(fired()).isEmpty();
    }

    @Test
    void purchaseCountFiresOnTheThirdPurchase() throws Exception {
        start("R_THIRD.purchase-count=3");
        buys("A", JAN_01, 10);
        buys("B", day(10), 10);
        buys("C", day(20), 10);
        buys("D", day(30), 10);

        timeIs(day(60));

        assertThat(fired()).containsExactly("R_THIRD " + day(20));
    }

    @Test
    void aCategoryFilterLooksAtTheLastPurchase() throws Exception {
        start("R_TEA.no-purchase-days=10", "R_TEA.categories=tea, cocoa");
        buys("A", JAN_01, 10, "coffee");
        timeIs(day(11));
        assertThat(fired()).isEmpty();

        buys("B", day(20), 10, "tea");
        timeIs(day(31));
        assertThat(fired()).containsExactly("R_TEA " + day(30));
    }

    @Test
    void aStageFilterLooksAtTheStageAtTheDueTime() throws Exception {
        start("R_LOYAL.no-purchase-days=10", "R_LOYAL.stages=ACTIVE");
        buys("A", JAN_01, 10);
        timeIs(day(11));
        assertThat(fired()).as("NEW at the due time").isEmpty();

        buys("B", day(20), 10);
        timeIs(day(31));
        assertThat(fired()).containsExactly("R_LOYAL " + day(30));
    }

    @Test
    void ruleTriggersHaveDeterministicIdsAndGoToTheirOwnCounters() throws Exception {
        start("R_COUPON.after-first-purchase-days=7");
        buys("A", JAN_01, 50);
        timeIs(day(7));
        String id = only().triggerId;
        harness.close();

        start("R_COUPON.after-first-purchase-days=7");
        buys("A", JAN_01, 50);
        timeIs(day(7));

        assertThat(only().triggerId).isEqualTo(id);
        assertThat(only().status).isEqualTo(Trigger.SENT);
    }
}
