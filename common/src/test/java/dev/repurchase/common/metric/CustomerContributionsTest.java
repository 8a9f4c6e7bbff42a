package dev.repurchase.common.metric;

import static dev.repurchase.common.metric.Purchases.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.period.BusinessCalendar;
import dev.repurchase.common.period.PeriodType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerContributionsTest {

    private static final MetricSettings MONTHLY =
            new MetricSettings(
                    new BusinessCalendar("UTC"),
                    List.of(PeriodType.MONTH),
                    new PriceBands(List.of(BigDecimal.ZERO, new BigDecimal("25"))));

    private static final Purchase JAN_05_COFFEE =
            purchase("A", "2025-01-05T10:00:00Z", 1000, "coffee");
    private static final Purchase JAN_20_COFFEE_TEA =
            purchase("B", "2025-01-20T10:00:00Z", 3000, "coffee", "tea");
    private static final Purchase MAR_03_TEA = purchase("C", "2025-03-03T10:00:00Z", 2000, "tea");

    private static Map<String, long[]> contributionsOf(Purchase... sequence) {
        return CustomerContributions.of(List.of(sequence), MONTHLY).asMap();
    }

    @Test
    void firstPeriodCountsTheCustomerAsNewWithOneNewAndOneReturningOrder() {
        Map<String, long[]> c = contributionsOf(JAN_05_COFFEE, JAN_20_COFFEE_TEA, MAR_03_TEA);

        // customers, repeat, new, returning, orders, new orders, returning orders,
        // new-customer orders, returning-customer orders, net, new net, returning net
        assertThat(c.get("METRIC_PERIOD[MONTH 2025-01-01 all=all]"))
                .containsExactly(1, 1, 1, 0, 2, 1, 1, 2, 0, 4000, 1000, 3000);
        assertThat(c.get("METRIC_PERIOD[MONTH 2025-03-01 all=all]"))
                .containsExactly(1, 0, 0, 1, 1, 0, 1, 0, 1, 2000, 0, 2000);
    }

    @Test
    void categorySliceTakesOnlyItsOrdersButNewnessFromTheWholeSequence() {
        Map<String, long[]> c = contributionsOf(JAN_05_COFFEE, JAN_20_COFFEE_TEA, MAR_03_TEA);

        assertThat(c.get("METRIC_PERIOD[MONTH 2025-01-01 category=tea]"))
                .containsExactly(1, 0, 1, 0, 1, 0, 1, 1, 0, 3000, 0, 3000);
        assertThat(c.get("METRIC_PERIOD[MONTH 2025-01-01 category=coffee]"))
                .containsExactly(1, 1, 1, 0, 2, 1, 1, 2, 0, 4000, 1000, 3000);
        assertThat(c).doesNotContainKey("METRIC_PERIOD[MONTH 2025-03-01 category=coffee]");
    }

    @Test
    void priceBandAndCampaignSlices() {
        Purchase first = purchase("A", "2025-01-05T10:00:00Z", 1000, "coffee");
        first.campaignId = "spring";
        Map<String, long[]> c = contributionsOf(first, JAN_20_COFFEE_TEA);

        assertThat(c.get("METRIC_PERIOD[MONTH 2025-01-01 price_band=0-25]")[4]).isEqualTo(1);
        assertThat(c.get("METRIC_PERIOD[MONTH 2025-01-01 price_band=25+]")[4]).isEqualTo(1);
        assertThat(c.get("METRIC_PERIOD[MONTH 2025-01-01 campaign=spring]")[4]).isEqualTo(2);
        assertThat(c.get("METRIC_PERIOD[MONTH 2025-01-01 channel=app]")[4]).isEqualTo(2);
    }

    @Test
    void cohortCountsActivePeriodsAndTheSecondPurchase() {
        Map<String, long[]> c = contributionsOf(JAN_05_COFFEE, JAN_20_COFFEE_TEA, MAR_03_TEA);

        assertThat(c.get("COHORT_RETENTION[MONTH 2025-01-01 +0]")).containsExactly(1, 1);
        assertThat(c.get("COHORT_RETENTION[MONTH 2025-01-01 +2]")).containsExactly(1, 0);
        assertThat(c).doesNotContainKey("COHORT_RETENTION[MONTH 2025-01-01 +1]");
    }

    @Test
    void cyclesAreWholeDaysBetweenFirstAndSecondAndBetweenSameCategoryPurchases() {
        Map<String, long[]> c = contributionsOf(JAN_05_COFFEE, JAN_20_COFFEE_TEA, MAR_03_TEA);

        assertThat(c.get("FIRST_REPEAT_CYCLE[MONTH 2025-01-01]@15")).containsExactly(1);
        assertThat(c.get("CATEGORY_CYCLE[coffee]@15")).containsExactly(1);
        // 20 January to 3 March 2025: 11 + 28 + 3 days.
        assertThat(c.get("CATEGORY_CYCLE[tea]@42")).containsExactly(1);
    }

    @Test
    void intervalIsFlooredToWholeDays() {
        Purchase first = purchase("A", "2025-01-05T10:00:00Z", 1000);
        Purchase almostTwoDaysLater = purchase("B", "2025-01-07T09:59:59Z", 1000);

        assertThat(CustomerContributions.intervalDays(first, almostTwoDaysLater)).isEqualTo(1);
    }

    @Test
    void refundOfTheFirstOrderRenumbersTheSequence() {
        CustomerContributions before =
                CustomerContributions.of(
                        List.of(JAN_05_COFFEE, JAN_20_COFFEE_TEA, MAR_03_TEA), MONTHLY);
        CustomerContributions after =
                CustomerContributions.of(List.of(JAN_20_COFFEE_TEA, MAR_03_TEA), MONTHLY);

        Map<String, long[]> deltas = deltasByCell(CustomerContributions.diff(before, after));

        // January keeps the customer (new), now with one order: B is the first order.
        assertThat(deltas.get("METRIC_PERIOD[MONTH 2025-01-01 all=all]"))
                .containsExactly(0, -1, 0, 0, -1, 0, -1, -1, 0, -1000, 2000, -3000);
        // The first repeat interval is now B to C.
        assertThat(deltas.get("FIRST_REPEAT_CYCLE[MONTH 2025-01-01]@15")).containsExactly(-1);
        assertThat(deltas.get("FIRST_REPEAT_CYCLE[MONTH 2025-01-01]@42")).containsExactly(1);
        // The second purchase moved from January to March.
        assertThat(deltas.get("COHORT_RETENTION[MONTH 2025-01-01 +0]")).containsExactly(0, -1);
        assertThat(deltas.get("COHORT_RETENTION[MONTH 2025-01-01 +2]")).containsExactly(0, 1);
        assertThat(deltas.get("CATEGORY_CYCLE[coffee]@15")).containsExactly(-1);
        assertThat(deltas).doesNotContainKey("METRIC_PERIOD[MONTH 2025-03-01 all=all]");
    }

    @Test
    void noChangeGivesNoDelta() {
        List<Purchase> sequence = List.of(JAN_05_COFFEE, JAN_20_COFFEE_TEA);
        assertThat(
                        CustomerContributions.diff(
                                CustomerContributions.of(sequence, MONTHLY),
                                CustomerContributions.of(sequence, MONTHLY)))
                .isEmpty();
    }

    private static Map<String, long[]> deltasByCell(List<MetricDelta> deltas) {
        Map<String, long[]> byCell = new java.util.HashMap<>();
        for (MetricDelta d : deltas) {
            byCell.put(d.key + (d.key.table.isHistogram() ? "@" + d.bucket : ""), d.values);
        }
        return byCell;
    }
}
