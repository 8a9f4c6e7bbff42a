package dev.repurchase.common.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.common.lifecycle.LifecycleStage;
import dev.repurchase.common.lifecycle.Segment;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SPEC 4.3: the options trigger-rules.NAME.key, and what stops the job at its start. */
class TriggerRulesTest {

    @Test
    void theSeedsExamplesAreRules() {
        List<TriggerRule> rules =
                TriggerRules.from(
                        Map.of(
                                "trigger-rules.NEW_CUSTOMER_COUPON.after-first-purchase-days", "7",
                                "trigger-rules.NEW_CUSTOMER_COUPON.categories", "milk powder",
                                "trigger-rules.WIN_BACK.no-purchase-days", "30",
                                "trigger-rules.WIN_BACK.segments", "at_risk, CORE",
                                "trigger-rules.WIN_BACK.stages", "DORMANT",
                                "trigger-rules.SPENT_500.spend-amount", "500",
                                "trigger-rules.SPENT_500.spend-window-days", "30",
                                "cycles.coffee", "30"));

        assertThat(rules)
                .containsExactly(
                        new TriggerRule(
                                "NEW_CUSTOMER_COUPON",
                                new TriggerRule.AfterFirstPurchase(7),
                                Set.of(),
                                Set.of(),
                                Set.of("milk powder")),
                        new TriggerRule(
                                "SPENT_500",
                                new TriggerRule.Spend(50_000, 30),
                                Set.of(),
                                Set.of(),
                                Set.of()),
                        new TriggerRule(
                                "WIN_BACK",
                                new TriggerRule.NoPurchase(30),
                                Set.of(Segment.AT_RISK, Segment.CORE),
                                Set.of(LifecycleStage.DORMANT),
                                Set.of()));
    }

    @Test
    void aRuleWithoutAConditionNamesTheRule() {
        assertThatThrownBy(() -> TriggerRules.from(Map.of("trigger-rules.VIP.segments", "CORE")))
                .hasMessageContaining("trigger rule VIP")
                .hasMessageContaining("no condition");
    }

    @Test
    void aRuleWithTwoConditionsNamesBoth() {
        assertThatThrownBy(
                        () ->
                                TriggerRules.from(
                                        Map.of(
                                                "trigger-rules.VIP.purchase-count", "3",
                                                "trigger-rules.VIP.no-purchase-days", "30")))
                .hasMessageContaining("trigger rule VIP")
                .hasMessageContaining("two conditions")
                .hasMessageContaining("no-purchase-days")
                .hasMessageContaining("purchase-count");
    }

    @Test
    void anUnknownKeyIsNamed() {
        assertThatThrownBy(
                        () ->
                                TriggerRules.from(
                                        Map.of(
                                                "trigger-rules.VIP.purchase-count", "3",
                                                "trigger-rules.VIP.segment", "CORE")))
                .hasMessageContaining("trigger-rules.VIP.segment")
                .hasMessageContaining("unknown key");
    }

    @Test
    void badValuesAreNamedWithTheirKey() {
        assertThatThrownBy(() -> TriggerRules.from(Map.of("trigger-rules.VIP.purchase-count", "0")))
                .hasMessageContaining("trigger-rules.VIP.purchase-count")
                .hasMessageContaining("'0' is not a positive whole number");
        assertThatThrownBy(
                        () ->
                                TriggerRules.from(
                                        Map.of(
                                                "trigger-rules.BIG.spend-amount", "12.345",
                                                "trigger-rules.BIG.spend-window-days", "30")))
                .hasMessageContaining("trigger-rules.BIG.spend-amount");
        assertThatThrownBy(
                        () ->
                                TriggerRules.from(
                                        Map.of(
                                                "trigger-rules.BIG.purchase-count", "5",
                                                "trigger-rules.BIG.stages", "SLEEPY")))
                .hasMessageContaining("trigger-rules.BIG.stages")
                .hasMessageContaining("unknown value 'SLEEPY'");
    }

    @Test
    void spendNeedsItsWindow() {
        assertThatThrownBy(() -> TriggerRules.from(Map.of("trigger-rules.BIG.spend-amount", "100")))
                .hasMessageContaining("trigger-rules.BIG.spend-amount")
                .hasMessageContaining("go together");
    }

    @Test
    void aNameMustBeUpperCaseAndNotABuiltInType() {
        assertThatThrownBy(() -> TriggerRules.from(Map.of("trigger-rules.vip.purchase-count", "3")))
                .hasMessageContaining("trigger rule vip")
                .hasMessageContaining("upper case");
        assertThatThrownBy(
                        () ->
                                TriggerRules.from(
                                        Map.of("trigger-rules.DORMANT.purchase-count", "3")))
                .hasMessageContaining("trigger rule DORMANT")
                .hasMessageContaining("built-in trigger type");
    }
}
