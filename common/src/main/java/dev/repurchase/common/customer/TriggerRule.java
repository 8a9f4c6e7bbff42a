package dev.repurchase.common.customer;

import dev.repurchase.common.lifecycle.LifecycleStage;
import dev.repurchase.common.lifecycle.Segment;
import java.io.Serializable;
import java.util.Set;

/**
 * A marketing trigger the shop configures (SPEC 4.3): its name is its trigger type, it has exactly
 * one condition and optional filters, each checked as of the trigger's due time. Parsed from the
 * options {@code trigger-rules.<NAME>.<key>} by {@link TriggerRules}.
 *
 * @param segments the RFM segments the customer must be in at the due time; empty: any
 * @param stages the lifecycle stages the customer must be in at the due time; empty: any
 * @param categories the primary categories the last purchase must have; empty: any
 */
public record TriggerRule(
        String name,
        Condition condition,
        Set<Segment> segments,
        Set<LifecycleStage> stages,
        Set<String> categories)
        implements Serializable {

    /** What makes the rule fire. */
    public sealed interface Condition extends Serializable {
        /** The condition as the trigger's reason states it, e.g. {@code purchase-count 3}. */
        String describe();
    }

    /** Due {@code days} after the first purchase if the customer then has exactly one. */
    public record AfterFirstPurchase(int days) implements Condition {
        @Override
        public String describe() {
            return TriggerRules.AFTER_FIRST_PURCHASE_DAYS + " " + days;
        }
    }

    /** Due {@code days} after the last purchase. */
    public record NoPurchase(int days) implements Condition {
        @Override
        public String describe() {
            return TriggerRules.NO_PURCHASE_DAYS + " " + days;
        }
    }

    /**
     * Due at a purchase that takes the net spend of the purchases in the {@code windowDays} up to
     * it (its time included, the window's start not) to {@code amountCents} or more, from below.
     */
    public record Spend(long amountCents, int windowDays) implements Condition {
        @Override
        public String describe() {
            return TriggerRules.SPEND_AMOUNT
                    + " "
                    + java.math.BigDecimal.valueOf(amountCents, 2)
                            .stripTrailingZeros()
                            .toPlainString()
                    + " within "
                    + windowDays
                    + " days";
        }
    }

    /** Due at the purchase that is the customer's {@code count}-th, being the latest of them. */
    public record PurchaseCount(int count) implements Condition {
        @Override
        public String describe() {
            return TriggerRules.PURCHASE_COUNT + " " + count;
        }
    }

    /** True for the conditions that fire on a purchase rather than after a time. */
    public boolean firesOnPurchase() {
        return condition instanceof Spend || condition instanceof PurchaseCount;
    }

    /** Whether the customer passes the filters: segment, stage and last category at due time. */
    public boolean admits(Segment segment, LifecycleStage stage, String lastCategory) {
        return (segments.isEmpty() || segments.contains(segment))
                && (stages.isEmpty() || stages.contains(stage))
                && (categories.isEmpty() || categories.contains(lastCategory));
    }

    /** The trigger's reason: the rule and its condition, for a notification service's template. */
    public String reason() {
        return "rule " + name + ": " + condition.describe();
    }
}
