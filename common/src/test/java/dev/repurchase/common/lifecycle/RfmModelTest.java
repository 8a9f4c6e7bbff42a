package dev.repurchase.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.common.order.Purchase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** R bounds 30/60/90/180 days, F bounds 1/2/4/8 purchases, M bounds 100/300/1000/3000. */
class RfmModelTest {

    private static final Instant JAN_01 = Instant.parse("2025-01-01T00:00:00Z");

    private final RfmModel model =
            new RfmModel(
                    List.of(30, 60, 90, 180),
                    List.of(1, 2, 4, 8),
                    List.of(
                            new BigDecimal("100"),
                            new BigDecimal("300"),
                            new BigDecimal("1000"),
                            new BigDecimal("3000")),
                    Map.of(
                            Segment.HIGH_VALUE, SegmentRule.parse("r>=4 & f>=4 & m>=4"),
                            Segment.CORE, SegmentRule.parse("r>=3 & f>=3"),
                            Segment.AT_RISK, SegmentRule.parse("r<=2 & f>=3"),
                            Segment.CHURNED, SegmentRule.parse("r<=1")));

    /** {@code n} purchases of {@code netCents} each, {@code everyDays} apart, from JAN_01. */
    private static CustomerSnapshot buying(int n, int everyDays, long netCents) {
        List<Purchase> sequence = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Purchase p = new Purchase();
            p.orderId = "o" + i;
            p.purchasedAt = JAN_01.plus(Duration.ofDays((long) i * everyDays)).toEpochMilli();
            p.netCents = netCents;
            p.categories = new String[0];
            sequence.add(p);
        }
        return CustomerSnapshot.of("c", sequence);
    }

    private static long daysAfterLast(CustomerSnapshot s, int days) {
        return s.lastPurchaseAt() + Duration.ofDays(days).toMillis();
    }

    @Test
    void frequentBigRecentBuyerIsHighValue() {
        // 6 purchases of 250.00 a month apart: F 4 (5-8), M 1500 -> 4, bought today -> R 5
        CustomerSnapshot s = buying(6, 30, 25_000);

        Rfm rfm = model.score(s, s.lastPurchaseAt(), PAlive.UNKNOWN);

        assertThat(rfm).isEqualTo(new Rfm(5, 4, 4, 150_000, Segment.HIGH_VALUE));
    }

    @Test
    void recencyScoreFallsOnTheDayBounds() {
        CustomerSnapshot s = buying(1, 0, 5_000);

        assertThat(model.score(s, daysAfterLast(s, 30), PAlive.UNKNOWN).r()).isEqualTo(5);
        assertThat(model.score(s, daysAfterLast(s, 31), PAlive.UNKNOWN).r()).isEqualTo(4);
        assertThat(model.score(s, daysAfterLast(s, 180), PAlive.UNKNOWN).r()).isEqualTo(2);
        assertThat(model.score(s, daysAfterLast(s, 181), PAlive.UNKNOWN).r()).isEqualTo(1);
        assertThat(model.score(s, daysAfterLast(s, 181), PAlive.UNKNOWN).segment())
                .isEqualTo(Segment.CHURNED);
    }

    @Test
    void frequentBuyerWhoStoppedIsAtRisk() {
        CustomerSnapshot s = buying(4, 20, 5_000);

        assertThat(model.score(s, daysAfterLast(s, 100), PAlive.UNKNOWN).segment())
                .isEqualTo(Segment.AT_RISK);
    }

    @Test
    void purchasesOlderThan365DaysLeaveFAndM() {
        CustomerSnapshot s = buying(3, 100, 20_000);
        long firstLeaves = JAN_01.plus(Duration.ofDays(365)).toEpochMilli();

        assertThat(model.score(s, firstLeaves - 1, PAlive.UNKNOWN).f()).isEqualTo(3);
        assertThat(model.score(s, firstLeaves, PAlive.UNKNOWN).f()).isEqualTo(2);
        assertThat(model.score(s, firstLeaves, PAlive.UNKNOWN).monetaryCents()).isEqualTo(40_000);
    }

    /** {@code segments.at-risk: f>=2 & p_alive<0.5}: repeat buyers the BG/NBD model thinks lost. */
    @Test
    void aRuleOnPAliveReadsTheProbabilityAsOfTheScoringInstant() {
        RfmModel withPAlive =
                new RfmModel(
                        List.of(30, 60, 90, 180),
                        List.of(1, 2, 4, 8),
                        List.of(new BigDecimal("100")),
                        Map.of(
                                Segment.AT_RISK, SegmentRule.parse("f>=2 & p_alive<0.5"),
                                Segment.CHURNED, SegmentRule.parse("r<=1")));
        CustomerSnapshot s = buying(4, 20, 5_000);
        long now = daysAfterLast(s, 10);
        List<Long> askedAt = new ArrayList<>();
        PAlive low =
                (customer, at) -> {
                    assertThat(customer).isSameAs(s);
                    askedAt.add(at);
                    return 0.3;
                };

        assertThat(withPAlive.readsPAlive()).isTrue();
        assertThat(withPAlive.score(s, now, low).segment()).isEqualTo(Segment.AT_RISK);
        assertThat(askedAt).containsExactly(now);
        assertThat(withPAlive.score(s, now, (customer, at) -> 0.5).segment())
                .isEqualTo(Segment.REGULAR);
        assertThat(withPAlive.score(s, now, PAlive.UNKNOWN).segment())
                .as("before the first fit")
                .isEqualTo(Segment.REGULAR);
    }

    @Test
    void rulesOnScoresAloneNeverAskForPAlive() {
        CustomerSnapshot s = buying(4, 20, 5_000);

        assertThat(model.readsPAlive()).isFalse();
        assertThat(
                        model.score(
                                        s,
                                        daysAfterLast(s, 100),
                                        (customer, at) -> {
                                            throw new AssertionError("asked for P(alive)");
                                        })
                                .segment())
                .isEqualTo(Segment.AT_RISK);
    }

    @Test
    void segmentRulesReadScoresAndPAlive() {
        SegmentRule rule = SegmentRule.parse("r<=2 & F>=3 & p_alive < 0.25");

        assertThat(rule.matches(2, 3, 1, 0.2)).isTrue();
        assertThat(rule.matches(2, 3, 1, 0.25)).isFalse();
        assertThat(rule.matches(3, 3, 1, 0.2)).isFalse();
        assertThat(rule.matches(2, 3, 1, Double.NaN)).as("P(alive) unknown").isFalse();
        assertThat(SegmentRule.parse("p_alive>=1").matches(1, 1, 1, 1.0)).isTrue();
        assertThat(SegmentRule.parse("r>=4").readsPAlive()).isFalse();
    }

    @Test
    void segmentRulesThatCannotHoldAreRejected() {
        assertThatThrownBy(() -> SegmentRule.parse("r>=2.5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'r>=2.5' compares a score with a fraction");
        assertThatThrownBy(() -> SegmentRule.parse("f>=2 & p_alive<50"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'p_alive<50' compares a probability with more than 1");
        assertThatThrownBy(() -> SegmentRule.parse("alive<0.5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read 'alive<0.5'");
    }

    @Test
    void nextChangeIsTheNextRecencyBoundOrWindowExit() {
        CustomerSnapshot s = buying(1, 0, 5_000);

        assertThat(model.nextChange(s, s.lastPurchaseAt())).isEqualTo(daysAfterLast(s, 31));
        assertThat(model.nextChange(s, daysAfterLast(s, 181))).isEqualTo(daysAfterLast(s, 365));
        assertThat(model.nextChange(s, daysAfterLast(s, 365))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void unreadableRuleIsNamed() {
        assertThatThrownBy(() -> SegmentRule.parse("r>=4 & x<2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x<2");
    }
}
