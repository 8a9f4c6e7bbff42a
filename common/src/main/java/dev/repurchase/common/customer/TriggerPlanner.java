package dev.repurchase.common.customer;

import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.lifecycle.CustomerSnapshot;
import dev.repurchase.common.lifecycle.LifecycleStage;
import dev.repurchase.common.lifecycle.PAlive;
import dev.repurchase.common.lifecycle.PlannedTrigger;
import dev.repurchase.common.lifecycle.ReminderPolicy;
import dev.repurchase.common.lifecycle.RfmModel;
import dev.repurchase.common.lifecycle.Segment;
import dev.repurchase.common.lifecycle.TriggerType;
import dev.repurchase.common.order.Purchase;
import java.io.Serializable;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The triggers of SPEC 4.1 and 4.3 by the as-of rule: after each change of the valid purchases at
 * time c the customer is planned afresh from the purchases valid just after c, and a planned
 * trigger fires at its due time unless the next change comes at or before it. A trigger thus
 * depends only on the changes stamped at or before its due time, whatever was read since.
 *
 * <ul>
 *   <li>REPLENISH_REMINDER, OVERDUE_FOLLOW_UP, DORMANT, CHURNED from the last purchase ({@link
 *       ReminderPolicy}); with {@code reminders.at-habitual-hour}, a reminder moves to the
 *       customer's habitual hour ({@link HabitualTime});
 *   <li>the shop's timed rules (after the first purchase, without a purchase) likewise;
 *   <li>the shop's purchase rules (spend, purchase count) at the change that adds the purchase:
 *       they fire when event time reaches it, due at the purchase's time.
 * </ul>
 *
 * The rules' filters (segment, stage, last category) are checked as of the due time.
 */
public final class TriggerPlanner implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final long DAY_MILLIS = 86_400_000L;

    private final ReminderPolicy policy;
    private final RfmModel rfm;
    private final List<TriggerRule> rules;
    private final ZoneId zone;
    private final int habitMinPurchases;
    private final boolean atHabitualHour;

    public TriggerPlanner(
            ReminderPolicy policy,
            RfmModel rfm,
            List<TriggerRule> rules,
            ZoneId zone,
            int habitMinPurchases,
            boolean atHabitualHour) {
        this.policy = policy;
        this.rfm = rfm;
        this.rules = List.copyOf(rules);
        this.zone = zone;
        this.habitMinPurchases = habitMinPurchases;
        this.atHabitualHour = atHabitualHour;
    }

    /**
     * A trigger that comes due.
     *
     * @param firesAt when event time must have reached for it to fire: its due time, or the change
     *     that adds the purchase a purchase rule fires on
     * @param basis the valid purchases of the change that planned it
     * @param basisOrderId the order it is planned from: the last purchase, or the purchase a
     *     purchase rule fires on
     * @param expectedAt the expected repurchase instant of a reminder; null for the others
     */
    public record Due(
            String type,
            long dueAt,
            long firesAt,
            CustomerSnapshot basis,
            String basisOrderId,
            Long expectedAt,
            String reason) {}

    /**
     * What the planners have for a customer after {@code after}, in one pass over the history.
     *
     * @param due the triggers that fire in ({@code after}, {@code upTo}], in that order
     * @param next when the first trigger after {@code upTo} fires; Long.MAX_VALUE if none
     */
    public record Plan(List<Due> due, long next) {}

    /**
     * The triggers that fire in ({@code after}, {@code upTo}] and when the next one after it fires.
     *
     * @param learned the learned cycle of a sequence's last category, or null
     * @param pAlive P(alive) under the latest prediction model, for segment filters that read it
     */
    public Plan plan(
            String customerId,
            PurchaseHistory history,
            long after,
            long upTo,
            Function<CustomerSnapshot, CategoryCycle> learned,
            PAlive pAlive) {
        List<Due> due = new ArrayList<>();
        long[] next = {Long.MAX_VALUE};
        forEachPlanned(
                customerId,
                history,
                after,
                learned,
                pAlive,
                d -> {
                    if (d.firesAt() <= upTo) {
                        due.add(d);
                    } else {
                        next[0] = Math.min(next[0], d.firesAt());
                    }
                });
        due.sort(Comparator.comparingLong(Due::firesAt).thenComparing(Due::type));
        return new Plan(due, next[0]);
    }

    /** Every trigger firing after {@code after} that its plan keeps. */
    private void forEachPlanned(
            String customerId,
            PurchaseHistory history,
            long after,
            Function<CustomerSnapshot, CategoryCycle> learned,
            PAlive pAlive,
            Consumer<Due> sink) {
        long[] changes = history.changeTimes();
        for (int i = 0; i < changes.length; i++) {
            long change = changes[i];
            long nextChange = i + 1 < changes.length ? changes[i + 1] : Long.MAX_VALUE;
            if (nextChange <= after + 1) {
                continue; // every trigger of this plan fires at or before `after`
            }
            List<Purchase> valid = history.validAt(change);
            if (valid.isEmpty()) {
                continue;
            }
            CustomerSnapshot basis = CustomerSnapshot.of(customerId, valid);
            Consumer<Due> keep =
                    d -> {
                        if (d.dueAt() > change && d.dueAt() < nextChange && d.dueAt() > after) {
                            sink.accept(d);
                        }
                    };
            planReminders(basis, learned, keep);
            planTimedRules(basis, pAlive, keep);
            if (change > after) {
                planPurchaseRules(basis, history, change, pAlive, sink);
            }
        }
    }

    private void planReminders(
            CustomerSnapshot basis,
            Function<CustomerSnapshot, CategoryCycle> learned,
            Consumer<Due> keep) {
        ReminderPolicy.Cycle cycle = policy.cycle(basis, learned.apply(basis));
        long expectedAt = policy.expectedAt(basis, cycle);
        HabitualTime habit =
                atHabitualHour
                        ? HabitualTime.of(basis.times, zone, habitMinPurchases)
                        : HabitualTime.NONE;
        for (PlannedTrigger planned : policy.plan(basis, expectedAt)) {
            TriggerType type = planned.type();
            long due = planned.dueAt();
            if (type == TriggerType.REPLENISH_REMINDER) {
                due = habit.atHabitualHour(due, zone);
            }
            String reason =
                    type.isReminder()
                            ? "expected repurchase after "
                                    + cycle.days()
                                    + " days ("
                                    + cycle.source()
                                    + ")"
                            : "no purchase for "
                                    + (due - basis.lastPurchaseAt()) / DAY_MILLIS
                                    + " days";
            keep.accept(
                    new Due(
                            type.name(),
                            due,
                            due,
                            basis,
                            basis.lastOrderId(),
                            type.isReminder() ? expectedAt : null,
                            reason));
        }
    }

    private void planTimedRules(CustomerSnapshot basis, PAlive pAlive, Consumer<Due> keep) {
        for (TriggerRule rule : rules) {
            long due;
            if (rule.condition() instanceof TriggerRule.AfterFirstPurchase first) {
                if (basis.purchases() != 1) {
                    continue;
                }
                due = basis.firstPurchaseAt() + first.days() * DAY_MILLIS;
            } else if (rule.condition() instanceof TriggerRule.NoPurchase none) {
                due = basis.lastPurchaseAt() + none.days() * DAY_MILLIS;
            } else {
                continue;
            }
            if (admits(rule, basis, due, pAlive)) {
                keep.accept(
                        new Due(
                                rule.name(),
                                due,
                                due,
                                basis,
                                basis.lastOrderId(),
                                null,
                                rule.reason()));
            }
        }
    }

    /** The purchase rules on each purchase that the change at {@code change} adds. */
    private void planPurchaseRules(
            CustomerSnapshot basis,
            PurchaseHistory history,
            long change,
            PAlive pAlive,
            Consumer<Due> sink) {
        if (rules.stream().noneMatch(TriggerRule::firesOnPurchase)) {
            return;
        }
        Set<String> before = new HashSet<>();
        history.validAt(change - 1).forEach(p -> before.add(p.orderId));
        for (int i = 0; i < basis.purchases(); i++) {
            if (before.contains(basis.orderIds[i])) {
                continue;
            }
            for (TriggerRule rule : rules) {
                if (firesOn(rule, basis, i) && admits(rule, basis, basis.times[i], pAlive)) {
                    sink.accept(
                            new Due(
                                    rule.name(),
                                    basis.times[i],
                                    change,
                                    basis,
                                    basis.orderIds[i],
                                    null,
                                    rule.reason()));
                }
            }
        }
    }

    /** Whether the {@code i}-th purchase of {@code basis} meets a purchase rule's condition. */
    private static boolean firesOn(TriggerRule rule, CustomerSnapshot basis, int i) {
        if (rule.condition() instanceof TriggerRule.PurchaseCount count) {
            return basis.purchases() == count.count() && i == basis.purchases() - 1;
        }
        if (rule.condition() instanceof TriggerRule.Spend spend) {
            long at = basis.times[i];
            long windowStart = at - spend.windowDays() * DAY_MILLIS;
            long sum = 0;
            for (int j = 0; j < basis.purchases(); j++) {
                if (basis.times[j] > windowStart && basis.times[j] <= at) {
                    sum += basis.nets[j];
                }
            }
            return sum >= spend.amountCents() && sum - basis.nets[i] < spend.amountCents();
        }
        return false;
    }

    /** The rule's filters, with segment and stage as of {@code due}. */
    private boolean admits(TriggerRule rule, CustomerSnapshot basis, long due, PAlive pAlive) {
        if (rule.segments().isEmpty() && rule.stages().isEmpty() && rule.categories().isEmpty()) {
            return true;
        }
        Segment segment = rfm.score(basis, due, pAlive).segment();
        LifecycleStage stage = policy.stage(basis, due);
        return rule.admits(segment, stage, basis.lastCategory());
    }

    /** The trigger types the planner can send: the built-in ones and the shop's rules. */
    public List<String> types() {
        List<String> types = new ArrayList<>();
        for (TriggerType type : TriggerType.values()) {
            types.add(type.name());
        }
        rules.forEach(rule -> types.add(rule.name()));
        return types;
    }
}
