package dev.repurchase.jobs.ingest;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.order.OrderChange;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What the order versions keep of one order for its alerts (SPEC 4.2): the versions of the order
 * row that can still decide one, each reduced to its alerts' due times and whether it calls for
 * them. An alert due at T is decided by the latest version stamped at or before T, and only if a
 * version stamped before T planned it (a version that re-times the order plans afresh, and keeps
 * only the alerts due after it).
 *
 * <p>A version stamped at or before the event time seen last is settled: of those only the latest
 * counts, and only while it still plans an alert due later. The versions stamped later wait, in
 * source order, since one of them may be the latest as of an alert's due time even if it was read
 * first. So a delivered order whose alerts are past keeps nothing. Serialized by {@code
 * state.OrderAlertsSerializer}.
 */
public class OrderAlerts {

    /** A due time of a type the version does not plan. */
    public static final long NONE = Long.MIN_VALUE;

    /** The latest version at or before the event time seen last, if it plans an alert due later. */
    public Step settled;

    /** The versions stamped after the event time seen last, in source order. */
    public List<Step> pending = new ArrayList<>();

    /** The event time of the order's alert timer; null if none. */
    public Long timer;

    public OrderAlerts() {}

    /** One version of the order row as its alerts see it. */
    public static class Step {
        public SourcePosition position;

        /** The customer as this version gives it; null if it has none. */
        public String customerId;

        /**
         * By {@link AlertType} ordinal, when the alert is due for this version, or {@link #NONE}.
         */
        public long[] dueAt = new long[AlertType.values().length];

        /** By {@link AlertType} ordinal, a bit set if this version calls for the alert. */
        public int calledFor;

        public Step() {}

        /** The version a change of the order row makes; a deleted row plans nothing. */
        static Step of(OrderChange change, AlertSettings settings) {
            Step step = new Step();
            step.position = change.position;
            step.customerId = change.order.customerId;
            for (AlertType type : AlertType.values()) {
                Long due =
                        change.deleted || !settings.types().contains(type)
                                ? null
                                : type.dueAt(change.order, settings);
                step.dueAt[type.ordinal()] = due == null ? NONE : due;
                if (due != null && type.calledFor(change.order)) {
                    step.calledFor |= 1 << type.ordinal();
                }
            }
            return step;
        }

        long commit() {
            return position.commitMillis;
        }

        boolean calls(AlertType type) {
            return (calledFor & (1 << type.ordinal())) != 0;
        }
    }

    /** An alert that came due: its type, due time and the version that called for it. */
    public record Due(AlertType type, long dueAt, Step asOf) {}

    /** Adds a version stamped after the event time; false if it is held already (a duplicate). */
    boolean add(Step step) {
        int i = pending.size();
        while (i > 0 && pending.get(i - 1).position.isAfter(step.position)) {
            i--;
        }
        if (i > 0 && pending.get(i - 1).position.equals(step.position)) {
            return false;
        }
        pending.add(i, step);
        return true;
    }

    /**
     * Takes a version stamped at or before the event time that is the newest of its row (a late
     * change, applied all the same): then no version waits, as each is older.
     */
    void addLate(Step step) {
        pending.clear();
        settled = step;
    }

    /**
     * Settles the versions stamped at or before {@code eventTime}, keeping what can still count.
     */
    void settle(long eventTime) {
        while (!pending.isEmpty() && pending.get(0).commit() <= eventTime) {
            settled = pending.remove(0);
        }
        if (settled != null && !plansAfter(settled, eventTime)) {
            settled = null;
        }
    }

    /** Whether nothing is kept: the order's state can go. */
    boolean isEmpty() {
        return settled == null && pending.isEmpty();
    }

    /** The alerts due in [{@code from}, {@code upTo}] that fire, by due time. */
    List<Due> decide(long from, long upTo) {
        List<Step> steps = steps();
        List<Due> fired = new ArrayList<>();
        for (long[] candidate : candidates(steps, from, upTo)) {
            AlertType type = AlertType.values()[(int) candidate[1]];
            long due = candidate[0];
            int asOf = latestAtOrBefore(steps, due);
            if (asOf >= 0 && steps.get(asOf).calls(type) && plannedBefore(steps, asOf, type, due)) {
                fired.add(new Due(type, due, steps.get(asOf)));
            }
        }
        return fired;
    }

    /**
     * When the order's timer is due after {@code eventTime}: at the first alert that may fire, else
     * when the last waiting version settles; null if nothing waits.
     */
    Long nextTimer(long eventTime, long eventTimeEnd) {
        TreeSet<long[]> candidates = candidates(steps(), eventTime + 1, eventTimeEnd);
        if (!candidates.isEmpty()) {
            return candidates.first()[0];
        }
        return pending.isEmpty() ? null : pending.get(pending.size() - 1).commit();
    }

    private List<Step> steps() {
        List<Step> steps = new ArrayList<>(pending.size() + 1);
        if (settled != null) {
            steps.add(settled);
        }
        steps.addAll(pending);
        return steps;
    }

    /**
     * The (due time, type ordinal) in [from, upTo] that some version plans, calls for and does not
     * plan before its own stamp: only these can fire.
     */
    private static TreeSet<long[]> candidates(List<Step> steps, long from, long upTo) {
        TreeSet<long[]> candidates =
                new TreeSet<>(
                        (a, b) ->
                                a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (Step step : steps) {
            for (AlertType type : AlertType.values()) {
                long due = step.dueAt[type.ordinal()];
                if (due != NONE
                        && due >= from
                        && due <= upTo
                        && due >= step.commit()
                        && step.calls(type)) {
                    candidates.add(new long[] {due, type.ordinal()});
                }
            }
        }
        return candidates;
    }

    private static boolean plansAfter(Step step, long eventTime) {
        for (long due : step.dueAt) {
            if (due != NONE && due > eventTime) {
                return true;
            }
        }
        return false;
    }

    /** The index of the latest version stamped at or before {@code time}; -1 if none. */
    private static int latestAtOrBefore(List<Step> steps, long time) {
        int i = steps.size() - 1;
        while (i >= 0 && steps.get(i).commit() > time) {
            i--;
        }
        return i;
    }

    /**
     * Whether the alert the version at {@code asOf} plans at {@code due} was planned before it was
     * due: going back over the versions that plan it alike, one stamped before {@code due} is found
     * before one that plans otherwise.
     */
    private static boolean plannedBefore(List<Step> steps, int asOf, AlertType type, long due) {
        for (int i = asOf; i >= 0; i--) {
            Step step = steps.get(i);
            if (step.dueAt[type.ordinal()] != due) {
                return false;
            }
            if (step.commit() < due) {
                return true;
            }
        }
        return false;
    }
}
