package dev.repurchase.common.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.common.config.ReferralOptions;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.metric.PriceBands;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.period.BusinessCalendar;
import dev.repurchase.common.period.PeriodType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** SPEC 8.1: who earns what from a referred customer's purchases. Rates 5 % and 2 %. */
class ReferralPlannerTest {

    private static final long REGISTERED = at("2025-01-10T00:00:00Z");

    /** Months in Asia/Shanghai: a purchase late on 2025-01-31 UTC is in February there. */
    private static final MetricSettings METRICS =
            new MetricSettings(
                    new BusinessCalendar("Asia/Shanghai"),
                    List.of(PeriodType.MONTH),
                    PriceBands.parse(List.of("0")));

    private final ReferralPlanner planner =
            new ReferralPlanner(new double[] {0.05, 0.02}, 365, METRICS);

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static Purchase purchase(String orderId, String time, long netCents) {
        Purchase p = new Purchase();
        p.orderId = orderId;
        p.purchasedAt = at(time);
        p.netCents = netCents;
        return p;
    }

    private static Referral referredBy(String... referrers) {
        return new Referral(REGISTERED, referrers);
    }

    @Test
    void eachReferrerOfTheChainEarnsItsRateRoundedHalfUp() {
        // 12.30 x 0.05 = 0.615 -> 0.62; 12.30 x 0.02 = 0.246 -> 0.25
        Map<String, ReferralCommission> rows =
                planner.commissions(
                        "cid",
                        referredBy("bob", "ann"),
                        List.of(purchase("o1", "2025-02-01T10:00:00Z", 1230)));

        assertThat(rows.values())
                .extracting(c -> c.referrerId + " " + c.level + " " + c.commissionCents)
                .containsExactly("bob 1 62", "ann 2 25");
        assertThat(rows.values()).allMatch(c -> c.netCents == 1230 && c.customerId.equals("cid"));
    }

    @Test
    void aHalfCentRoundsUp() {
        // 0.10 x 0.05 = 0.005 -> 0.01
        assertThat(
                        planner.commissions(
                                        "cid",
                                        referredBy("bob"),
                                        List.of(purchase("o1", "2025-02-01T10:00:00Z", 10)))
                                .values())
                .extracting(c -> c.commissionCents)
                .containsExactly(1L);
    }

    @Test
    void onlyPurchasesFromRegistrationUntilTheWindowEndsEarn() {
        Map<String, ReferralCommission> rows =
                planner.commissions(
                        "cid",
                        referredBy("bob"),
                        List.of(
                                purchase("before", "2025-01-09T23:59:59Z", 1000),
                                purchase("first-instant", "2025-01-10T00:00:00Z", 1000),
                                purchase("last-day", "2026-01-09T23:59:59Z", 1000),
                                purchase("after", "2026-01-10T00:00:00Z", 1000)));

        assertThat(rows.values())
                .extracting(c -> c.orderId)
                .containsExactly("first-instant", "last-day");
    }

    @Test
    void noRegistrationTimeOrNoReferrerEarnsNothing() {
        List<Purchase> valid = List.of(purchase("o1", "2025-02-01T10:00:00Z", 1000));
        assertThat(planner.commissions("cid", new Referral(null, new String[] {"bob"}), valid))
                .isEmpty();
        assertThat(planner.commissions("cid", referredBy(), valid)).isEmpty();
        assertThat(planner.commissions("cid", null, valid)).isEmpty();
    }

    @Test
    void aRefundedOrderLeavesItsRowsAndTheStatsShrink() {
        Purchase o1 = purchase("o1", "2025-02-01T10:00:00Z", 1000);
        Purchase o2 = purchase("o2", "2025-02-03T10:00:00Z", 3000);
        Map<String, ReferralCommission> before =
                planner.commissions("cid", referredBy("bob"), List.of(o1, o2));
        Map<String, ReferralCommission> after =
                planner.commissions("cid", referredBy("bob"), List.of(o1));
        List<ReferralCommission> rows = new ArrayList<>();

        List<MetricDelta> deltas = planner.changes(before, after, rows::add);

        assertThat(rows)
                .extracting(ReferralCommission::toString)
                .containsExactly("gone bob L1 o2 of cid 150c of 3000c");
        // referred customers, orders, net, commission of bob's February (Shanghai): the customer
        // stays, one order less.
        assertThat(deltas).hasSize(1);
        assertThat(deltas.get(0).key)
                .isEqualTo(
                        MetricKey.referralStat(PeriodType.MONTH, LocalDate.of(2025, 2, 1), "bob"));
        assertThat(deltas.get(0).values).containsExactly(0, -1, -3000, -150);
    }

    @Test
    void aChangedReferrerMovesEveryRowAndTheCustomer() {
        List<Purchase> valid = List.of(purchase("o1", "2025-01-31T20:00:00Z", 2000));
        List<ReferralCommission> rows = new ArrayList<>();

        List<MetricDelta> deltas =
                planner.changes(
                        planner.commissions("cid", referredBy("bob", "ann"), valid),
                        planner.commissions("cid", referredBy("dan"), valid),
                        rows::add);

        assertThat(rows)
                .extracting(ReferralCommission::toString)
                .containsExactlyInAnyOrder(
                        "dan L1 o1 of cid 100c of 2000c",
                        "gone bob L1 o1 of cid 100c of 2000c",
                        "gone ann L2 o1 of cid 40c of 2000c");
        // 2025-01-31T20:00Z is 2025-02-01 04:00 in Shanghai: February.
        LocalDate february = LocalDate.of(2025, 2, 1);
        assertThat(deltas)
                .extracting(d -> d.key.value + " " + java.util.Arrays.toString(d.values))
                .containsExactlyInAnyOrder(
                        "dan [1, 1, 2000, 100]",
                        "bob [-1, -1, -2000, -100]",
                        "ann [-1, -1, -2000, -40]");
        assertThat(deltas).allMatch(d -> d.key.periodStartDate().equals(february));
    }

    @Test
    void anUnchangedStateChangesNothing() {
        List<Purchase> valid = List.of(purchase("o1", "2025-02-01T10:00:00Z", 2000));
        Map<String, ReferralCommission> rows = planner.commissions("cid", referredBy("bob"), valid);
        List<ReferralCommission> written = new ArrayList<>();

        assertThat(
                        planner.changes(
                                rows,
                                planner.commissions("cid", referredBy("bob"), valid),
                                written::add))
                .isEmpty();
        assertThat(written).isEmpty();
    }

    @Test
    void aThirdLevelNeedsItsRate() {
        Configuration config = new Configuration();
        config.set(ReferralOptions.LEVELS, 3);
        assertThatThrownBy(() -> ReferralPlanner.from(config, METRICS))
                .hasMessageContaining("referral.level-3-rate");

        config.setString("referral.level-3-rate", "0.01");
        assertThat(ReferralPlanner.from(config, METRICS).levels()).isEqualTo(3);
    }
}
