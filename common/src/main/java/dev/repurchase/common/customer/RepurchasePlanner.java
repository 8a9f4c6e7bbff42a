package dev.repurchase.common.customer;

import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.lifecycle.CustomerSnapshot;
import dev.repurchase.common.lifecycle.PlannedTrigger;
import dev.repurchase.common.lifecycle.ReminderPolicy;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The repurchase and lifecycle triggers of SPEC 4.1 (REPLENISH_REMINDER, OVERDUE_FOLLOW_UP,
 * DORMANT, CHURNED) by the as-of rule: after each change of the valid purchases at time c the
 * customer is planned afresh from the purchases valid just after c, and a planned trigger fires at
 * its due time unless the next change comes at or before it. A trigger thus depends only on the
 * changes stamped at or before its due time, whatever was read since.
 */
public final class RepurchasePlanner implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ReminderPolicy policy;

    public RepurchasePlanner(ReminderPolicy policy) {
        this.policy = policy;
    }

    /**
     * A trigger that comes due, with the purchases it was planned from.
     *
     * @param basis the valid purchases of the change that planned it
     */
    public record Due(
            PlannedTrigger planned,
            CustomerSnapshot basis,
            ReminderPolicy.Cycle cycle,
            long expectedAt) {}

    /**
     * The triggers due in ({@code after}, {@code upTo}], by due time.
     *
     * @param learned the learned cycle of a sequence's last category, or null
     */
    public List<Due> due(
            String customerId,
            PurchaseHistory history,
            long after,
            long upTo,
            Function<CustomerSnapshot, CategoryCycle> learned) {
        List<Due> due = new ArrayList<>();
        forEachPlan(
                customerId,
                history,
                after,
                learned,
                d -> {
                    if (d.planned().dueAt() <= upTo) {
                        due.add(d);
                    }
                });
        due.sort(Comparator.comparingLong(d -> d.planned().dueAt()));
        return due;
    }

    /** The earliest due time after {@code after}; Long.MAX_VALUE if none. */
    public long nextDue(
            String customerId,
            PurchaseHistory history,
            long after,
            Function<CustomerSnapshot, CategoryCycle> learned) {
        long[] next = {Long.MAX_VALUE};
        forEachPlan(
                customerId,
                history,
                after,
                learned,
                d -> next[0] = Math.min(next[0], d.planned().dueAt()));
        return next[0];
    }

    /**
     * Every trigger due after {@code after} that its plan keeps: of the plan made at change c, the
     * ones due after c and before the next change.
     */
    private void forEachPlan(
            String customerId,
            PurchaseHistory history,
            long after,
            Function<CustomerSnapshot, CategoryCycle> learned,
            java.util.function.Consumer<Due> sink) {
        long[] changes = history.changeTimes();
        for (int i = 0; i < changes.length; i++) {
            long change = changes[i];
            long nextChange = i + 1 < changes.length ? changes[i + 1] : Long.MAX_VALUE;
            if (nextChange <= after + 1) {
                continue; // every trigger of this plan is due at or before `after`
            }
            var valid = history.validAt(change);
            if (valid.isEmpty()) {
                continue;
            }
            CustomerSnapshot basis = CustomerSnapshot.of(customerId, valid);
            ReminderPolicy.Cycle cycle = policy.cycle(basis, learned.apply(basis));
            long expectedAt = policy.expectedAt(basis, cycle);
            for (PlannedTrigger planned : policy.plan(basis, expectedAt)) {
                long dueAt = planned.dueAt();
                if (dueAt > change && dueAt < nextChange && dueAt > after) {
                    sink.accept(new Due(planned, basis, cycle, expectedAt));
                }
            }
        }
    }
}
