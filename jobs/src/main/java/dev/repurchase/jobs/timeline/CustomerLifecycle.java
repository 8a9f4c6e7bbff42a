package dev.repurchase.jobs.timeline;

import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.lifecycle.CustomerSnapshot;
import dev.repurchase.common.lifecycle.LifecycleSettings;
import dev.repurchase.common.lifecycle.LifecycleStage;
import dev.repurchase.common.lifecycle.PlannedTrigger;
import dev.repurchase.common.lifecycle.ReminderPolicy;
import dev.repurchase.common.lifecycle.Rfm;
import dev.repurchase.common.lifecycle.TriggerType;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.jobs.state.StateTypes;
import dev.repurchase.jobs.wire.WireTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per customer, as event time passes: the lifecycle stage (M7), RFM scores and segment (M8), and
 * the triggers of SPEC section 4.
 *
 * <p>Everything is evaluated on the purchase sequence as it stood at the current event time, so the
 * result does not depend on the order in which purchases arrive: each purchase plans its triggers
 * (reminder, overdue follow-up, dormant, churned) from its own state, and a later purchase at or
 * before a trigger's due time cancels it. One event-time timer per customer is kept at the next
 * instant something can happen (a purchase taking effect, a trigger due, a stage or an RFM score
 * changing). Stage and segment counts leave as deltas for the aggregator.
 *
 * <p>The learned category cycles arrive as broadcast state from the {@code category_cycle}
 * aggregation; a plan uses the value known when it is evaluated.
 */
public class CustomerLifecycle
        extends KeyedBroadcastProcessFunction<String, CustomerSnapshot, CategoryCycle, MetricDelta>
        implements CheckpointedFunction {

    public static final MapStateDescriptor<String, CategoryCycle> CATEGORY_CYCLES =
            new MapStateDescriptor<>("category-cycles", Types.STRING, StateTypes.CATEGORY_CYCLE);

    public static final OutputTag<Trigger> TRIGGERS =
            new OutputTag<>("triggers", StateTypes.TRIGGER);
    public static final OutputTag<LifecycleEvent> LIFECYCLE_EVENTS =
            new OutputTag<>("lifecycle-events", WireTypes.LIFECYCLE_EVENT);
    public static final OutputTag<CustomerProfile> PROFILES =
            new OutputTag<>("profiles", StateTypes.CUSTOMER_PROFILE);

    private static final long DAY_MILLIS = 86_400_000L;

    private final LifecycleSettings settings;

    /** {@code reminders.suppress-before} as the job's first start resolved it. */
    private transient long suppressBefore;

    private transient ValueState<CustomerSnapshot> snapshot;
    private transient ValueState<PlannerState> planner;

    /** Triggers by type and status: metric group {@code triggers.<TYPE>}, counter per status. */
    private transient Map<String, Counter> triggerCounts;

    public CustomerLifecycle(LifecycleSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        suppressBefore = SuppressBefore.resolve(context, settings);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // The one operator state, suppress-before, is written once in initializeState.
    }

    @Override
    public void open(OpenContext openContext) {
        triggerCounts = new HashMap<>();
        MetricGroup triggers = getRuntimeContext().getMetricGroup().addGroup("triggers");
        for (TriggerType type : TriggerType.values()) {
            for (String status : List.of(Trigger.SENT, Trigger.SUPPRESSED)) {
                triggerCounts.put(
                        type.name() + status, triggers.addGroup(type.name()).counter(status));
            }
        }
        snapshot =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "snapshot", StateTypes.CUSTOMER_SNAPSHOT));
        planner =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("planner", StateTypes.PLANNER_STATE));
    }

    @Override
    public void processElement(CustomerSnapshot s, ReadOnlyContext ctx, Collector<MetricDelta> out)
            throws Exception {
        PlannerState st = planner.value();
        if (!s.hasPurchases()) {
            if (st != null) {
                retract(st, out);
                setTimer(ctx.timerService(), st, Long.MAX_VALUE);
            }
            ctx.output(PROFILES, profile(s, null, null));
            snapshot.clear();
            planner.clear();
            return;
        }
        if (st == null) {
            st = new PlannerState();
        }
        snapshot.update(s);
        Cycles cycles = new Cycles(ctx.getBroadcastState(CATEGORY_CYCLES));
        // Never back before what was handled: after a restore the watermark starts over, and
        // evaluating the customer at an earlier time would replay stage changes already sent.
        long now = Math.max(ctx.timerService().currentWatermark(), st.handledUpTo);
        evaluate(s, st, now, cycles, ctx, out);
        ctx.output(PROFILES, profile(s, st, cycles));
    }

    @Override
    public void processBroadcastElement(
            CategoryCycle cycle, Context ctx, Collector<MetricDelta> out) throws Exception {
        if (cycle.intervals == 0) {
            ctx.getBroadcastState(CATEGORY_CYCLES).remove(cycle.category);
        } else {
            ctx.getBroadcastState(CATEGORY_CYCLES).put(cycle.category, cycle);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricDelta> out)
            throws Exception {
        CustomerSnapshot s = snapshot.value();
        PlannerState st = planner.value();
        if (s == null || st == null || timestamp > settings.eventTimeEnd()) {
            return;
        }
        st.timer = Long.MAX_VALUE;
        Cycles cycles = new Cycles(ctx.getBroadcastState(CATEGORY_CYCLES));
        if (evaluate(s, st, timestamp, cycles, ctx, out)) {
            ctx.output(PROFILES, profile(s, st, cycles));
        }
    }

    /**
     * Handles the triggers due up to {@code now}, moves stage and RFM to {@code now}, and sets the
     * next timer.
     *
     * @return true if the customer's stage or RFM changed
     */
    private boolean evaluate(
            CustomerSnapshot s,
            PlannerState st,
            long now,
            Cycles cycles,
            ReadOnlyContext ctx,
            Collector<MetricDelta> out)
            throws Exception {
        int made = s.countAt(now);
        long next = made < s.purchases() ? s.times[made] : Long.MAX_VALUE;
        boolean changed = false;
        if (made > 0) {
            CustomerSnapshot current = s.prefix(made);
            Rfm rfm = settings.rfm().score(current, now);
            next = Math.min(next, handleTriggers(s, made, st, now, cycles, ctx));
            changed = moveStage(current, st, now, ctx, out);
            changed |= moveRfm(st, rfm, out);
            next = Math.min(next, settings.rfm().nextChange(current, now));
        }
        st.handledUpTo = Math.max(st.handledUpTo, now);
        setTimer(ctx.timerService(), st, next);
        planner.update(st);
        return changed;
    }

    /**
     * Sends the triggers of the purchases made by {@code now} that came due since the last
     * evaluation and were not cancelled by the next purchase; returns the next due time.
     */
    private long handleTriggers(
            CustomerSnapshot s,
            int made,
            PlannerState st,
            long now,
            Cycles cycles,
            ReadOnlyContext ctx) {
        long next = Long.MAX_VALUE;
        for (int i = made - 1; i >= 0; i--) {
            long nextPurchase = i + 1 < s.purchases() ? s.times[i + 1] : Long.MAX_VALUE;
            if (nextPurchase <= st.handledUpTo) {
                // Its triggers were handled or cancelled already, and so were the earlier ones.
                break;
            }
            CustomerSnapshot basis = s.prefix(i + 1);
            ReminderPolicy.Cycle cycle = settings.reminders().cycle(basis, cycles.of(basis));
            long expectedAt = settings.reminders().expectedAt(basis, cycle);
            for (PlannedTrigger planned : settings.reminders().plan(basis, expectedAt)) {
                long due = planned.dueAt();
                if (due <= st.handledUpTo || nextPurchase <= due) {
                    continue;
                }
                if (due <= now) {
                    // The segment as of the due time, however late the evaluation comes.
                    Rfm atDue = settings.rfm().score(basis, due);
                    Trigger trigger = trigger(basis, planned, expectedAt, cycle, atDue);
                    triggerCounts.get(trigger.type + trigger.status).inc();
                    ctx.output(TRIGGERS, trigger);
                } else {
                    next = Math.min(next, due);
                }
            }
        }
        return next;
    }

    private boolean moveStage(
            CustomerSnapshot current,
            PlannerState st,
            long now,
            ReadOnlyContext ctx,
            Collector<MetricDelta> out) {
        LifecycleStage stage = settings.reminders().stage(current, now);
        if (stage == st.stage) {
            return false;
        }
        LifecycleEvent event = new LifecycleEvent();
        event.customerId = current.customerId;
        event.fromStage = st.stage == null ? null : st.stage.name();
        event.toStage = stage.name();
        event.at = stageSince(current, stage);
        event.reason =
                stage == LifecycleStage.DORMANT || stage == LifecycleStage.CHURNED
                        ? "no purchase since " + Instant.ofEpochMilli(current.lastPurchaseAt())
                        : "purchase " + current.lastOrderId();
        event.eventId =
                id(
                        current.customerId,
                        "stage",
                        event.fromStage,
                        event.toStage,
                        String.valueOf(event.at));
        if (event.at >= suppressBefore) {
            ctx.output(LIFECYCLE_EVENTS, event);
        }
        if (st.stage != null) {
            out.collect(
                    new MetricDelta(MetricKey.lifecycleStage(st.stage.name()), 0, new long[] {-1}));
        }
        out.collect(new MetricDelta(MetricKey.lifecycleStage(stage.name()), 0, new long[] {1}));
        st.stage = stage;
        return true;
    }

    /** When the customer entered {@code stage}: the last purchase, or the days without one. */
    private long stageSince(CustomerSnapshot current, LifecycleStage stage) {
        long last = current.lastPurchaseAt();
        switch (stage) {
            case DORMANT:
                return last + settings.reminders().dormantDays() * DAY_MILLIS;
            case CHURNED:
                return last + settings.reminders().churnDays() * DAY_MILLIS;
            default:
                return last;
        }
    }

    private boolean moveRfm(PlannerState st, Rfm rfm, Collector<MetricDelta> out) {
        if (rfm.segment() == st.segment
                && rfm.r() == st.r
                && rfm.f() == st.f
                && rfm.m() == st.m
                && rfm.monetaryCents() == st.monetaryCents) {
            return false;
        }
        if (rfm.segment() != st.segment || rfm.monetaryCents() != st.monetaryCents) {
            if (st.segment != null) {
                out.collect(
                        new MetricDelta(
                                MetricKey.segment(st.segment.name()),
                                0,
                                new long[] {-1, -st.monetaryCents}));
            }
            out.collect(
                    new MetricDelta(
                            MetricKey.segment(rfm.segment().name()),
                            0,
                            new long[] {1, rfm.monetaryCents()}));
        }
        st.segment = rfm.segment();
        st.r = rfm.r();
        st.f = rfm.f();
        st.m = rfm.m();
        st.monetaryCents = rfm.monetaryCents();
        return true;
    }

    /** Takes the customer's stage and segment out of the counts (all purchases gone). */
    private static void retract(PlannerState st, Collector<MetricDelta> out) {
        if (st.stage != null) {
            out.collect(
                    new MetricDelta(MetricKey.lifecycleStage(st.stage.name()), 0, new long[] {-1}));
        }
        if (st.segment != null) {
            out.collect(
                    new MetricDelta(
                            MetricKey.segment(st.segment.name()),
                            0,
                            new long[] {-1, -st.monetaryCents}));
        }
    }

    private static void setTimer(TimerService timers, PlannerState st, long next) {
        if (next == st.timer) {
            return;
        }
        if (st.timer != Long.MAX_VALUE) {
            timers.deleteEventTimeTimer(st.timer);
        }
        if (next != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(next);
        }
        st.timer = next;
    }

    private Trigger trigger(
            CustomerSnapshot basis,
            PlannedTrigger planned,
            long expectedAt,
            ReminderPolicy.Cycle cycle,
            Rfm rfm) {
        Trigger t = new Trigger();
        t.type = planned.type().name();
        t.customerId = basis.customerId;
        t.dueAt = planned.dueAt();
        t.lastPurchaseAt = basis.lastPurchaseAt();
        t.category = basis.lastCategory();
        t.segment = rfm.segment().name();
        if (planned.type().isReminder()) {
            t.expectedAt = expectedAt;
            t.reason =
                    "expected repurchase after " + cycle.days() + " days (" + cycle.source() + ")";
        } else {
            t.reason = "no purchase for " + (t.dueAt - t.lastPurchaseAt) / DAY_MILLIS + " days";
        }
        t.status = t.dueAt < suppressBefore ? Trigger.SUPPRESSED : Trigger.SENT;
        t.triggerId = id(basis.customerId, t.type, basis.lastOrderId(), String.valueOf(t.dueAt));
        return t;
    }

    /** The profile row: purchases as known, expected date from the last one, stage and RFM. */
    private CustomerProfile profile(CustomerSnapshot s, PlannerState st, Cycles cycles) {
        CustomerProfile p = new CustomerProfile();
        p.customerId = s.customerId;
        p.purchases = s.purchases();
        if (s.hasPurchases()) {
            p.firstPurchaseAt = s.firstPurchaseAt();
            p.lastPurchaseAt = s.lastPurchaseAt();
            p.netCents = s.netCents();
            p.expectedNextPurchaseAt =
                    settings.reminders().expectedAt(s, settings.reminders().cycle(s, cycles.of(s)));
        }
        if (st != null) {
            p.lifecycleStage = st.stage == null ? null : st.stage.name();
            p.segment = st.segment == null ? null : st.segment.name();
            if (st.segment != null) {
                p.rfmR = st.r;
                p.rfmF = st.f;
                p.rfmM = st.m;
            }
        }
        return p;
    }

    /** The learned cycles as broadcast, looked up by the category of a sequence's last purchase. */
    private static final class Cycles {
        private final ReadOnlyBroadcastState<String, CategoryCycle> state;

        Cycles(ReadOnlyBroadcastState<String, CategoryCycle> state) {
            this.state = state;
        }

        CategoryCycle of(CustomerSnapshot s) {
            try {
                return s.lastCategory() == null ? null : state.get(s.lastCategory());
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the learned category cycles", e);
            }
        }
    }

    /** A name-based UUID of the parts: the same parts always give the same id. */
    static String id(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
