package dev.repurchase.jobs.timeline;

import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.lifecycle.CustomerSnapshot;
import dev.repurchase.common.lifecycle.LifecycleSettings;
import dev.repurchase.common.lifecycle.LifecycleStage;
import dev.repurchase.common.lifecycle.PlannedTrigger;
import dev.repurchase.common.lifecycle.ReminderPolicy;
import dev.repurchase.common.lifecycle.Rfm;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per customer, as event time passes: the lifecycle stage (M7), RFM scores and segment (M8), the
 * expected repurchase date and the triggers planned from the last purchase (SPEC section 4).
 *
 * <p>Each purchase plans afresh from the customer's new state, which cancels whatever the previous
 * last purchase had planned. One event-time timer per customer is kept at the next instant
 * something can change (a trigger due, a stage or an RFM score changing); when it fires, the due
 * triggers are emitted, stage and RFM re-evaluated and the next timer set. Stage and segment counts
 * leave as deltas (main output) for the aggregator.
 *
 * <p>The learned category cycles arrive as broadcast state from the {@code category_cycle}
 * aggregation; a plan uses the value known when it is made.
 */
public class CustomerLifecycle
        extends KeyedBroadcastProcessFunction<
                String, CustomerSnapshot, CategoryCycle, MetricDelta> {

    public static final MapStateDescriptor<String, CategoryCycle> CATEGORY_CYCLES =
            new MapStateDescriptor<>(
                    "category-cycles", Types.STRING, TypeInformation.of(CategoryCycle.class));

    public static final OutputTag<Trigger> TRIGGERS =
            new OutputTag<>("triggers", TypeInformation.of(Trigger.class));
    public static final OutputTag<LifecycleEvent> LIFECYCLE_EVENTS =
            new OutputTag<>("lifecycle-events", TypeInformation.of(LifecycleEvent.class));
    public static final OutputTag<CustomerProfile> PROFILES =
            new OutputTag<>("profiles", TypeInformation.of(CustomerProfile.class));

    private final LifecycleSettings settings;

    private transient ValueState<CustomerSnapshot> snapshot;
    private transient ValueState<PlannerState> planner;

    public CustomerLifecycle(LifecycleSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        snapshot =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "snapshot", TypeInformation.of(CustomerSnapshot.class)));
        planner =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "planner", TypeInformation.of(PlannerState.class)));
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
            ctx.output(PROFILES, profile(s, null));
            snapshot.clear();
            planner.clear();
            return;
        }
        long now = Math.max(ctx.timerService().currentWatermark(), timestampOf(ctx, s));
        if (st == null) {
            st = new PlannerState();
        }
        if (!s.lastOrderId.equals(st.basisOrderId) || s.lastPurchaseAt != st.basisPurchaseAt) {
            changeBasis(st, s);
        }
        CategoryCycle learned =
                s.lastCategory == null
                        ? null
                        : ctx.getBroadcastState(CATEGORY_CYCLES).get(s.lastCategory);
        ReminderPolicy.Cycle cycle = settings.reminders().cycle(s, learned);
        st.cycleDays = cycle.days();
        st.cycleSource = cycle.source();
        st.expectedAt = settings.reminders().expectedAt(s, cycle);
        snapshot.update(s);
        evaluate(s, st, now, ctx.timerService(), ctx, out, "purchase");
        ctx.output(PROFILES, profile(s, st));
    }

    private static void changeBasis(PlannerState st, CustomerSnapshot s) {
        String leaving = st.basisOrderId;
        int leavingFired = st.firedTypes;
        st.firedTypes = s.lastOrderId.equals(st.previousBasisOrderId) ? st.previousFiredTypes : 0;
        st.previousBasisOrderId = leaving;
        st.previousFiredTypes = leavingFired;
        st.basisOrderId = s.lastOrderId;
        st.basisPurchaseAt = s.lastPurchaseAt;
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
        if (evaluate(s, st, timestamp, ctx.timerService(), ctx, out, "time")) {
            ctx.output(PROFILES, profile(s, st));
        }
    }

    /**
     * Fires the due triggers, moves stage and RFM to {@code now}, sets the next timer.
     *
     * @return true if the published profile changed
     */
    private boolean evaluate(
            CustomerSnapshot s,
            PlannerState st,
            long now,
            TimerService timers,
            ReadOnlyContext ctx,
            Collector<MetricDelta> out,
            String cause)
            throws Exception {
        long next = Long.MAX_VALUE;
        Rfm rfm = settings.rfm().score(s, now);
        for (PlannedTrigger planned : settings.reminders().plan(s, st.expectedAt)) {
            int bit = 1 << planned.type().ordinal();
            if ((st.firedTypes & bit) != 0) {
                continue;
            }
            if (planned.dueAt() <= now) {
                st.firedTypes |= bit;
                ctx.output(TRIGGERS, trigger(s, st, planned, rfm));
            } else {
                next = Math.min(next, planned.dueAt());
            }
        }
        boolean changed = moveStage(s, st, now, ctx, out, cause);
        changed |= moveRfm(st, rfm, out);
        setTimer(timers, st, Math.min(next, settings.rfm().nextChange(s, now)));
        planner.update(st);
        return changed;
    }

    private boolean moveStage(
            CustomerSnapshot s,
            PlannerState st,
            long now,
            ReadOnlyContext ctx,
            Collector<MetricDelta> out,
            String cause) {
        LifecycleStage stage = settings.reminders().stage(s, now);
        if (stage == st.stage) {
            return false;
        }
        LifecycleEvent event = new LifecycleEvent();
        event.customerId = s.customerId;
        event.fromStage = st.stage == null ? null : st.stage.name();
        event.toStage = stage.name();
        event.at = "time".equals(cause) ? now : s.lastPurchaseAt;
        event.reason =
                "time".equals(cause)
                        ? "no purchase since " + java.time.Instant.ofEpochMilli(s.lastPurchaseAt)
                        : "purchase " + s.lastOrderId;
        event.eventId =
                id(s.customerId, "stage", event.fromStage, event.toStage, String.valueOf(event.at));
        if (event.at >= settings.suppressBefore()) {
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

    private Trigger trigger(CustomerSnapshot s, PlannerState st, PlannedTrigger planned, Rfm rfm) {
        Trigger t = new Trigger();
        t.type = planned.type().name();
        t.customerId = s.customerId;
        t.dueAt = planned.dueAt();
        t.lastPurchaseAt = s.lastPurchaseAt;
        t.category = s.lastCategory;
        t.segment = rfm.segment().name();
        if (planned.type().isReminder()) {
            t.expectedAt = st.expectedAt;
            t.reason =
                    "expected repurchase after " + st.cycleDays + " days (" + st.cycleSource + ")";
        } else {
            t.reason =
                    "no purchase for "
                            + (planned.dueAt() - s.lastPurchaseAt) / 86_400_000L
                            + " days";
        }
        t.status = planned.dueAt() < settings.suppressBefore() ? Trigger.SUPPRESSED : Trigger.SENT;
        t.triggerId = id(s.customerId, t.type, s.lastOrderId, String.valueOf(t.dueAt));
        return t;
    }

    private static CustomerProfile profile(CustomerSnapshot s, PlannerState st) {
        CustomerProfile p = new CustomerProfile();
        p.customerId = s.customerId;
        p.purchases = s.purchases;
        p.firstPurchaseAt = s.firstPurchaseAt;
        p.lastPurchaseAt = s.lastPurchaseAt;
        p.netCents = s.netCents;
        if (st != null) {
            p.expectedNextPurchaseAt = st.expectedAt;
            p.lifecycleStage = st.stage == null ? null : st.stage.name();
            p.rfmR = st.r;
            p.rfmF = st.f;
            p.rfmM = st.m;
            p.segment = st.segment == null ? null : st.segment.name();
        }
        return p;
    }

    private static long timestampOf(ReadOnlyContext ctx, CustomerSnapshot s) {
        Long timestamp = ctx.timestamp();
        return timestamp == null ? s.lastPurchaseAt : timestamp;
    }

    /** A name-based UUID of the parts: the same parts always give the same id. */
    static String id(String... parts) {
        return UUID.nameUUIDFromBytes(
                        String.join(
                                        "|",
                                        java.util.Arrays.stream(parts)
                                                .map(Objects::toString)
                                                .toList())
                                .getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
