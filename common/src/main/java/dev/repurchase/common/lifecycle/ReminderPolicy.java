package dev.repurchase.common.lifecycle;

import static dev.repurchase.common.lifecycle.CustomerSnapshot.DAY_MILLIS;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The expected repurchase date and the triggers planned from a customer's last purchase (SPEC
 * section 4), and the lifecycle stage as of an instant (M7).
 */
public final class ReminderPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int leadDays;
    private final int graceDays;
    private final int minSamples;
    private final int minCycleDays;
    private final int defaultCycleDays;
    private final Map<String, Integer> categoryCycleDays;
    private final int dormantDays;
    private final int churnDays;

    public ReminderPolicy(
            int leadDays,
            int graceDays,
            int minSamples,
            int minCycleDays,
            int defaultCycleDays,
            Map<String, Integer> categoryCycleDays,
            int dormantDays,
            int churnDays) {
        this.leadDays = leadDays;
        this.graceDays = graceDays;
        this.minSamples = minSamples;
        this.minCycleDays = minCycleDays;
        this.defaultCycleDays = defaultCycleDays;
        this.categoryCycleDays = Map.copyOf(categoryCycleDays);
        this.dormantDays = dormantDays;
        this.churnDays = churnDays;
    }

    /** A repurchase cycle in whole days and where it comes from (for the trigger's reason). */
    public record Cycle(int days, String source) {}

    /**
     * The cycle, first that applies: the customer's own median (>= 3 purchases); the learned median
     * of the last purchase's primary category once it has {@code min-samples} intervals; {@code
     * cycles.<category>}; {@code cycles.default}. Never below {@code min-cycle-days}.
     *
     * @param learned the category's learned cycle, or null if unknown
     */
    public Cycle cycle(CustomerSnapshot s, CategoryCycle learned) {
        Cycle cycle;
        if (s.ownMedianDays() >= 0) {
            cycle = new Cycle(s.ownMedianDays(), "own median");
        } else if (learned != null && learned.intervals >= minSamples) {
            cycle =
                    new Cycle(
                            learned.medianDays,
                            "learned median of "
                                    + s.lastCategory()
                                    + " ("
                                    + learned.intervals
                                    + " intervals)");
        } else if (s.lastCategory() != null && categoryCycleDays.containsKey(s.lastCategory())) {
            cycle =
                    new Cycle(
                            categoryCycleDays.get(s.lastCategory()), "cycles." + s.lastCategory());
        } else {
            cycle = new Cycle(defaultCycleDays, "cycles.default");
        }
        return cycle.days() >= minCycleDays
                ? cycle
                : new Cycle(minCycleDays, cycle.source() + ", raised to min-cycle-days");
    }

    /** The expected repurchase instant: last purchase plus the cycle in whole days of 24 h. */
    public long expectedAt(CustomerSnapshot s, Cycle cycle) {
        return s.lastPurchaseAt() + cycle.days() * DAY_MILLIS;
    }

    /** The triggers planned from the last purchase, by due time; none due at or before it. */
    public List<PlannedTrigger> plan(CustomerSnapshot s, long expectedAt) {
        List<PlannedTrigger> plan = new ArrayList<>(4);
        add(plan, s, TriggerType.REPLENISH_REMINDER, expectedAt - leadDays * DAY_MILLIS);
        add(plan, s, TriggerType.OVERDUE_FOLLOW_UP, expectedAt + graceDays * DAY_MILLIS);
        add(plan, s, TriggerType.DORMANT, s.lastPurchaseAt() + dormantDays * DAY_MILLIS);
        add(plan, s, TriggerType.CHURNED, s.lastPurchaseAt() + churnDays * DAY_MILLIS);
        plan.sort(java.util.Comparator.comparingLong(PlannedTrigger::dueAt));
        return plan;
    }

    public int dormantDays() {
        return dormantDays;
    }

    public int churnDays() {
        return churnDays;
    }

    /** The lifecycle stage as of {@code now}, of a sequence whose purchases are all before it. */
    public LifecycleStage stage(CustomerSnapshot s, long now) {
        long since = now - s.lastPurchaseAt();
        if (since >= churnDays * DAY_MILLIS) {
            return LifecycleStage.CHURNED;
        }
        if (since >= dormantDays * DAY_MILLIS) {
            return LifecycleStage.DORMANT;
        }
        return s.purchases() >= 2 ? LifecycleStage.ACTIVE : LifecycleStage.NEW;
    }

    private static void add(
            List<PlannedTrigger> plan, CustomerSnapshot s, TriggerType type, long due) {
        if (due > s.lastPurchaseAt()) {
            plan.add(new PlannedTrigger(type, due));
        }
    }
}
