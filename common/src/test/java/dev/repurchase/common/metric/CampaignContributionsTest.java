package dev.repurchase.common.metric;

import static dev.repurchase.common.metric.Purchases.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.period.BusinessCalendar;
import dev.repurchase.common.period.PeriodType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * M9 contributions of one customer, counted by hand, with a 30-day window. The customer's valid
 * purchases:
 *
 * <pre>
 *   A  2025-01-05 10:00  spring    first with spring: qualifies (Jan); next purchase B +15 d: repurchased
 *   B  2025-01-20 10:00  -         first without a campaign in Jan: baseline (Jan); next C +21 d: repurchased
 *   C  2025-02-10 10:00  spring    not the first with spring; Feb has no purchase without a campaign
 *   D  2025-02-11 10:00  summer    first with summer: qualifies (Feb); next E +49 d: not repurchased
 *   E  2025-04-01 10:00  -         first without a campaign in Apr: baseline (Apr); next F +1 d: repurchased
 *   F  2025-04-02 10:00  -         second without a campaign in Apr: nothing
 * </pre>
 */
class CampaignContributionsTest {

    private static final MetricSettings WINDOW_30_DAYS =
            new MetricSettings(
                    new BusinessCalendar("UTC"),
                    List.of(PeriodType.MONTH),
                    new PriceBands(List.of(BigDecimal.ZERO)),
                    30);

    private static final Purchase A = withCampaign("A", "2025-01-05T10:00:00Z", "spring");
    private static final Purchase B = withCampaign("B", "2025-01-20T10:00:00Z", null);
    private static final Purchase C = withCampaign("C", "2025-02-10T10:00:00Z", "spring");
    private static final Purchase D = withCampaign("D", "2025-02-11T10:00:00Z", "summer");
    private static final Purchase E = withCampaign("E", "2025-04-01T10:00:00Z", null);
    private static final Purchase F = withCampaign("F", "2025-04-02T10:00:00Z", "");

    private static Purchase withCampaign(String orderId, String at, String campaign) {
        Purchase p = purchase(orderId, at, 1000, "coffee");
        p.campaignId = campaign;
        return p;
    }

    /** The campaign_month and baseline_month cells only. */
    private static Map<String, List<Long>> campaignCells(Purchase... sequence) {
        return CustomerContributions.of(List.of(sequence), WINDOW_30_DAYS)
                .asMap()
                .entrySet()
                .stream()
                .filter(
                        e ->
                                e.getKey().startsWith("CAMPAIGN_MONTH")
                                        || e.getKey().startsWith("BASELINE_MONTH"))
                .collect(
                        Collectors.toMap(
                                Map.Entry::getKey,
                                e -> java.util.Arrays.stream(e.getValue()).boxed().toList()));
    }

    @Test
    void eachCampaignQualifiesTheCustomerOnceAndEachMonthWithoutOneIsABaseline() {
        // [customers, repurchased] per row
        assertThat(campaignCells(A, B, C, D, E, F))
                .containsOnly(
                        Map.entry("CAMPAIGN_MONTH[MONTH 2025-01-01 spring]", List.of(1L, 1L)),
                        Map.entry("CAMPAIGN_MONTH[MONTH 2025-02-01 summer]", List.of(1L, 0L)),
                        Map.entry("BASELINE_MONTH[MONTH 2025-01-01]", List.of(1L, 1L)),
                        Map.entry("BASELINE_MONTH[MONTH 2025-04-01]", List.of(1L, 1L)));
    }

    @Test
    void refundOfTheRepurchaseMovesTheWindowToTheNextPurchase() {
        List<MetricDelta> deltas =
                CustomerContributions.diff(
                        CustomerContributions.of(List.of(A, B, C, D, E, F), WINDOW_30_DAYS),
                        CustomerContributions.of(List.of(A, C, D, E, F), WINDOW_30_DAYS));

        // Without B, spring's next purchase is C, 36 days after A; January has no baseline.
        assertThat(deltas.stream().map(MetricDelta::toString).filter(d -> d.contains("_MONTH[")))
                .containsExactlyInAnyOrder(
                        "CAMPAIGN_MONTH[MONTH 2025-01-01 spring][0, -1]",
                        "BASELINE_MONTH[MONTH 2025-01-01][-1, -1]");
    }

    @Test
    void refundOfTheFirstUseMakesTheNextUseQualify() {
        // Without A, spring qualifies the customer at C (February), next D +1 day.
        assertThat(campaignCells(B, C, D, E, F))
                .containsEntry("CAMPAIGN_MONTH[MONTH 2025-02-01 spring]", List.of(1L, 1L))
                .doesNotContainKey("CAMPAIGN_MONTH[MONTH 2025-01-01 spring]");
    }

    @Test
    void theWindowIncludesItsLastInstantButNotTheQualifyingInstant() {
        Purchase first = withCampaign("P1", "2025-01-01T00:00:00Z", "spring");
        Purchase sameInstant = withCampaign("P2", "2025-01-01T00:00:00Z", null);
        Purchase lastInstant = withCampaign("P3", "2025-01-31T00:00:00Z", null);
        Purchase justAfter = withCampaign("P4", "2025-01-31T00:00:00.001Z", null);

        assertThat(campaignCells(first, sameInstant, justAfter))
                .containsEntry("CAMPAIGN_MONTH[MONTH 2025-01-01 spring]", List.of(1L, 0L));
        assertThat(campaignCells(first, sameInstant, lastInstant))
                .containsEntry("CAMPAIGN_MONTH[MONTH 2025-01-01 spring]", List.of(1L, 1L));
    }

    @Test
    void monthsAreThoseOfTheBusinessTimeZone() {
        MetricSettings shanghai =
                new MetricSettings(
                        new BusinessCalendar("Asia/Shanghai"),
                        List.of(PeriodType.DAY),
                        new PriceBands(List.of(BigDecimal.ZERO)),
                        30);
        // 31 January 20:00 UTC is 1 February 04:00 in Shanghai.
        List<Purchase> sequence =
                new ArrayList<>(List.of(withCampaign("P", "2025-01-31T20:00:00Z", "spring")));

        assertThat(CustomerContributions.of(sequence, shanghai).asMap())
                .containsKey("CAMPAIGN_MONTH[MONTH 2025-02-01 spring]");

        // 23:00 on 31 January and 01:00 on 1 February in Shanghai: the first without a campaign
        // in each of two months, though both fall on 31 January in UTC.
        List<Purchase> baseline =
                new ArrayList<>(
                        List.of(
                                withCampaign("Q", "2025-01-31T15:00:00Z", null),
                                withCampaign("R", "2025-01-31T17:00:00Z", null)));
        assertThat(CustomerContributions.of(baseline, shanghai).asMap())
                .containsKeys(
                        "BASELINE_MONTH[MONTH 2025-01-01]", "BASELINE_MONTH[MONTH 2025-02-01]");
    }
}
