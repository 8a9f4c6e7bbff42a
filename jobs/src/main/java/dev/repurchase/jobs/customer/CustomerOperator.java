package dev.repurchase.jobs.customer;

import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.customer.CustomerSettings;
import dev.repurchase.common.customer.HabitualTime;
import dev.repurchase.common.customer.PurchaseHistory;
import dev.repurchase.common.customer.Referral;
import dev.repurchase.common.customer.ReferralCommission;
import dev.repurchase.common.customer.ReferralPlanner;
import dev.repurchase.common.customer.TriggerPlanner;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.lifecycle.CustomerSnapshot;
import dev.repurchase.common.lifecycle.LifecycleStage;
import dev.repurchase.common.lifecycle.PAlive;
import dev.repurchase.common.lifecycle.Rfm;
import dev.repurchase.common.lifecycle.TriggerType;
import dev.repurchase.common.metric.CouponContributions;
import dev.repurchase.common.metric.CustomerContributions;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.order.Coupon;
import dev.repurchase.common.order.CouponUpdate;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.predict.Prediction;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.common.predict.PredictionSettings;
import dev.repurchase.common.predict.RepeatBuying;
import dev.repurchase.jobs.state.StateTypes;
import dev.repurchase.jobs.wire.WireTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * One customer, one history: keyed by customer id, it keeps the customer's purchases with the event
 * time each held ({@link PurchaseHistory}), their coupons and the planners' marks in one {@link
 * CustomerState}, sets one event-time timer at the earliest instant any planner needs, and hands
 * the history to the planners: the triggers of SPEC section 4 ({@link TriggerPlanner}: built-in and
 * the shop's rules; coupon reminders), the lifecycle stage (M7), RFM and segment (M8), coupon_stat
 * contributions, the customer's profile row and the referral commissions their purchases owe (SPEC
 * 8.1: {@link ReferralPlanner}, from the chain the referral chains send).
 *
 * <p><b>As of the due time.</b> Every trigger is decided on the history as it stood at its due
 * time: a refund stamped after the due time neither removes nor moves the trigger, even when it is
 * read first; one stamped at or before it does. Stage and RFM move with event time the same way, so
 * a change read ahead of event time takes effect when event time reaches its stamp. The profile row
 * shows the purchases as known (like the metric tables) with the stage and RFM as of event time.
 *
 * <p>The learned category cycles arrive as broadcast state from the {@code category_cycle}
 * aggregation; a plan uses the value known when it is evaluated (SPEC 4.1's one exception). So do
 * the prediction models (SPEC 9): each new one recomputes every customer's profile (and segment, if
 * a segment rule reads P(alive)), and a customer's change recomputes theirs with the latest model
 * as of event time.
 */
public class CustomerOperator
        extends KeyedBroadcastProcessFunction<
                String, CustomerChange, Either<CategoryCycle, PredictionModel>, MetricDelta>
        implements CheckpointedFunction {

    public static final MapStateDescriptor<String, CategoryCycle> CATEGORY_CYCLES =
            new MapStateDescriptor<>("category-cycles", Types.STRING, StateTypes.CATEGORY_CYCLE);

    /** The latest prediction model (SPEC 9), under {@link #LATEST_MODEL}. */
    public static final MapStateDescriptor<String, PredictionModel> PREDICTION_MODEL =
            new MapStateDescriptor<>("prediction-model", Types.STRING, StateTypes.PREDICTION_MODEL);

    private static final String LATEST_MODEL = "latest";

    /** What the customer operator is broadcast: learned category cycles and prediction models. */
    public static final TypeInformation<Either<CategoryCycle, PredictionModel>> BROADCAST =
            new EitherTypeInfo<>(StateTypes.CATEGORY_CYCLE, StateTypes.PREDICTION_MODEL);

    public static final OutputTag<Trigger> TRIGGERS =
            new OutputTag<>("triggers", StateTypes.TRIGGER);
    public static final OutputTag<LifecycleEvent> LIFECYCLE_EVENTS =
            new OutputTag<>("lifecycle-events", WireTypes.LIFECYCLE_EVENT);
    public static final OutputTag<CustomerProfile> PROFILES =
            new OutputTag<>("profiles", StateTypes.CUSTOMER_PROFILE);

    /** Rows of referral_commission to write, or to delete (SPEC 8.1). */
    public static final OutputTag<ReferralCommission> COMMISSIONS =
            new OutputTag<>("referral-commissions", StateTypes.REFERRAL_COMMISSION);

    /** The operator's uid, and the name of its one keyed state. */
    public static final String UID = "customer";

    public static final String STATE = "customer";

    private static final long DAY_MILLIS = 86_400_000L;

    private final CustomerSettings settings;
    private final long couponLeadMillis;
    private final int campaignWindowDays;
    private final PredictionSettings prediction;

    /** {@code reminders.suppress-before} as the job's first start resolved it. */
    private transient long suppressBefore;

    private transient ValueState<CustomerState> customer;

    /** Triggers by type and status: metric group {@code triggers.<TYPE>}, counter per status. */
    private transient Map<String, Counter> triggerCounts;

    /**
     * @param settings reminders, RFM, suppression and the end of event time
     * @param couponLeadDays {@code coupons.lead-days}
     * @param campaignWindowDays {@code campaign.window-days}
     * @param prediction the local dates and horizon of the prediction
     */
    public CustomerOperator(
            CustomerSettings settings,
            int couponLeadDays,
            int campaignWindowDays,
            PredictionSettings prediction) {
        this.settings = settings;
        this.couponLeadMillis = couponLeadDays * DAY_MILLIS;
        this.campaignWindowDays = campaignWindowDays;
        this.prediction = prediction;
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
        for (String type : settings.triggers().types()) {
            for (String status : List.of(Trigger.SENT, Trigger.SUPPRESSED)) {
                triggerCounts.put(type + status, triggers.addGroup(type).counter(status));
            }
        }
        customer = getRuntimeContext().getState(stateDescriptor());
    }

    @Override
    public void processElement(
            CustomerChange change, ReadOnlyContext ctx, Collector<MetricDelta> out)
            throws Exception {
        CustomerState state = customer.value();
        if (state == null) {
            state = new CustomerState();
        }
        if (change.referral != null) {
            referralChanged(ctx.getCurrentKey(), state, change.referral.referral(), out, ctx);
            save(state, ctx.timerService());
            return;
        }
        boolean purchasesChanged = false;
        if (change.purchase != null) {
            Long at = ctx.timestamp();
            if (at == null) {
                throw new IllegalStateException(
                        "a purchase change without event time (the commit time of its CDC change)");
            }
            List<Purchase> before = state.history.current();
            purchasesChanged = state.history.apply(change.purchase, at);
            if (!purchasesChanged) {
                return;
            }
            if (state.referral != null) {
                commissionsChanged(
                        ctx.getCurrentKey(),
                        state,
                        before,
                        state.referral,
                        new OrderChanged(change.purchase.orderId, at),
                        out,
                        ctx);
            }
            if (!state.coupons.isEmpty()) {
                List<Coupon> coupons = new ArrayList<>(state.coupons.values());
                CustomerContributions.diff(
                                couponStats(coupons, before),
                                couponStats(coupons, state.history.current()))
                        .forEach(out::collect);
            }
        } else {
            couponChanged(state, change.coupon, out);
        }
        long now =
                Math.max(
                        Math.min(ctx.timerService().currentWatermark(), settings.eventTimeEnd()),
                        state.handledUpTo);
        Cycles cycles = new Cycles(ctx.getBroadcastState(CATEGORY_CYCLES));
        boolean moved = evaluate(ctx.getCurrentKey(), state, now, cycles, ctx, out);
        if (purchasesChanged || moved) {
            ctx.output(PROFILES, profile(ctx.getCurrentKey(), state, cycles, model(ctx), now));
        }
        save(state, ctx.timerService());
    }

    @Override
    public void processBroadcastElement(
            Either<CategoryCycle, PredictionModel> element, Context ctx, Collector<MetricDelta> out)
            throws Exception {
        if (element.isRight()) {
            predictAll(element.right(), ctx, out);
            return;
        }
        CategoryCycle cycle = element.left();
        if (cycle.intervals == 0) {
            ctx.getBroadcastState(CATEGORY_CYCLES).remove(cycle.category);
        } else {
            ctx.getBroadcastState(CATEGORY_CYCLES).put(cycle.category, cycle);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricDelta> out)
            throws Exception {
        CustomerState state = customer.value();
        if (state == null || timestamp > settings.eventTimeEnd()) {
            return;
        }
        state.timer = Long.MAX_VALUE;
        Cycles cycles = new Cycles(ctx.getBroadcastState(CATEGORY_CYCLES));
        if (evaluate(ctx.getCurrentKey(), state, timestamp, cycles, ctx, out)) {
            ctx.output(
                    PROFILES, profile(ctx.getCurrentKey(), state, cycles, model(ctx), timestamp));
        }
        save(state, ctx.timerService());
    }

    /**
     * Handles the triggers due up to {@code now}, moves stage and RFM to {@code now}, forgets what
     * can no longer matter and sets the timer at the next instant a planner needs.
     *
     * @return true if the customer's stage or RFM moved
     */
    private boolean evaluate(
            String customerId,
            CustomerState state,
            long now,
            Cycles cycles,
            ReadOnlyContext ctx,
            Collector<MetricDelta> out) {
        PAlive pAlive = pAlive(model(ctx));
        // One pass: pruning at the handled instant below leaves every plan after it as it is.
        TriggerPlanner.Plan plan =
                settings.triggers()
                        .plan(
                                customerId,
                                state.history,
                                state.handledUpTo,
                                Math.max(now, state.handledUpTo),
                                cycles::of,
                                pAlive);
        plan.due().forEach(due -> send(trigger(due, pAlive), ctx));
        long nextCoupon = couponReminders(customerId, state, now, pAlive, ctx);
        boolean moved = moveStageAndRfm(customerId, state, now, pAlive, ctx, out);
        state.handledUpTo = Math.max(state.handledUpTo, now);
        state.history.prune(state.handledUpTo);

        long next = Math.min(nextCoupon, state.history.nextChangeAfter(state.handledUpTo));
        next = Math.min(next, plan.next());
        List<Purchase> valid = state.history.validAt(state.handledUpTo);
        if (!valid.isEmpty()) {
            next =
                    Math.min(
                            next,
                            settings.rfm()
                                    .nextChange(
                                            CustomerSnapshot.of(customerId, valid),
                                            state.handledUpTo));
        }
        setTimer(ctx.timerService(), state, next);
        return moved;
    }

    private void send(Trigger trigger, ReadOnlyContext ctx) {
        triggerCounts.get(trigger.type + trigger.status).inc();
        ctx.output(TRIGGERS, trigger);
    }

    private Trigger trigger(TriggerPlanner.Due due, PAlive pAlive) {
        CustomerSnapshot basis = due.basis();
        Trigger t = new Trigger();
        t.type = due.type();
        t.customerId = basis.customerId;
        t.dueAt = due.dueAt();
        t.lastPurchaseAt = basis.lastPurchaseAt();
        t.expectedAt = due.expectedAt();
        t.category = basis.lastCategory();
        // The segment as of the due time, however late the evaluation comes.
        t.segment = settings.rfm().score(basis, t.dueAt, pAlive).segment().name();
        t.reason = due.reason();
        t.status = t.dueAt < suppressBefore ? Trigger.SUPPRESSED : Trigger.SENT;
        t.triggerId = id(basis.customerId, t.type, due.basisOrderId(), String.valueOf(t.dueAt));
        return t;
    }

    /** Stage (M7) and RFM (M8) of the purchases valid at {@code now}, counted as deltas. */
    private boolean moveStageAndRfm(
            String customerId,
            CustomerState state,
            long now,
            PAlive pAlive,
            ReadOnlyContext ctx,
            Collector<MetricDelta> out) {
        List<Purchase> valid = state.history.validAt(now);
        if (valid.isEmpty()) {
            if (state.stage == null && state.segment == null) {
                return false;
            }
            retract(state, out);
            return true;
        }
        CustomerSnapshot current = CustomerSnapshot.of(customerId, valid);
        boolean moved = moveStage(current, state, now, ctx, out);
        return moveRfm(state, settings.rfm().score(current, now, pAlive), out) || moved;
    }

    private boolean moveStage(
            CustomerSnapshot current,
            CustomerState state,
            long now,
            ReadOnlyContext ctx,
            Collector<MetricDelta> out) {
        LifecycleStage stage = settings.reminders().stage(current, now);
        if (stage == state.stage) {
            return false;
        }
        LifecycleEvent event = new LifecycleEvent();
        event.customerId = current.customerId;
        event.fromStage = state.stage == null ? null : state.stage.name();
        event.toStage = stage.name();
        // When event time saw the move: the purchase, the days without one, or the change that
        // took a purchase back (a second move to DORMANT after a refund is a move of its own).
        event.at = now;
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
        if (state.stage != null) {
            out.collect(stageCount(state.stage, -1));
        }
        out.collect(stageCount(stage, 1));
        state.stage = stage;
        return true;
    }

    private static boolean moveRfm(CustomerState state, Rfm rfm, Collector<MetricDelta> out) {
        if (rfm.segment() == state.segment
                && rfm.r() == state.recencyScore
                && rfm.f() == state.frequencyScore
                && rfm.m() == state.monetaryScore
                && rfm.monetaryCents() == state.monetaryCents) {
            return false;
        }
        if (rfm.segment() != state.segment || rfm.monetaryCents() != state.monetaryCents) {
            if (state.segment != null) {
                out.collect(segmentCount(state, -1));
            }
            state.segment = rfm.segment();
            state.monetaryCents = rfm.monetaryCents();
            out.collect(segmentCount(state, 1));
        }
        state.recencyScore = rfm.r();
        state.frequencyScore = rfm.f();
        state.monetaryScore = rfm.m();
        return true;
    }

    /** Takes the customer's stage and segment out of the counts (no purchase valid any more). */
    private static void retract(CustomerState state, Collector<MetricDelta> out) {
        if (state.stage != null) {
            out.collect(stageCount(state.stage, -1));
            state.stage = null;
        }
        if (state.segment != null) {
            out.collect(segmentCount(state, -1));
            state.segment = null;
            state.monetaryCents = 0;
        }
    }

    private static MetricDelta stageCount(LifecycleStage stage, long sign) {
        return new MetricDelta(MetricKey.lifecycleStage(stage.name()), 0, new long[] {sign});
    }

    private static MetricDelta segmentCount(CustomerState state, long sign) {
        return new MetricDelta(
                MetricKey.segment(state.segment.name()),
                0,
                new long[] {sign, sign * state.monetaryCents});
    }

    // ---- Coupons: coupon_stat and COUPON_EXPIRING ----

    /** One of the customer's coupons changed: coupon_stat deltas, and its reminder plan. */
    private void couponChanged(
            CustomerState state, CouponUpdate update, Collector<MetricDelta> out) {
        List<Purchase> purchases = state.history.current();
        List<Coupon> before = new ArrayList<>(state.coupons.values());
        if (update.coupon == null) {
            state.coupons.remove(update.couponId);
        } else {
            state.coupons.put(update.couponId, update.coupon);
        }
        CustomerContributions.diff(
                        couponStats(before, purchases),
                        couponStats(new ArrayList<>(state.coupons.values()), purchases))
                .forEach(out::collect);

        Coupon c = update.coupon;
        state.couponReminders
                .computeIfAbsent(update.couponId, id -> new CouponReminder())
                .add(
                        update.position.commitMillis,
                        reminderDue(c),
                        c == null ? 0 : c.expiresAt,
                        c == null ? null : c.campaignId);
    }

    /**
     * Sends the COUPON_EXPIRING reminders due up to {@code now} whose coupon version held at the
     * due time and that no purchase valid at the due time redeemed; drops the plans nothing can
     * come of any more. Returns the next due time.
     */
    private long couponReminders(
            String customerId, CustomerState state, long now, PAlive pAlive, ReadOnlyContext ctx) {
        long next = Long.MAX_VALUE;
        Iterator<Map.Entry<String, CouponReminder>> plans =
                state.couponReminders.entrySet().iterator();
        while (plans.hasNext()) {
            Map.Entry<String, CouponReminder> entry = plans.next();
            String couponId = entry.getKey();
            CouponReminder plan = entry.getValue();
            for (int i = 0; i < plan.versions(); i++) {
                long due = plan.dueAt[i];
                if (plan.pending(i) && due <= now && !redeemedBy(state.history, couponId, due)) {
                    send(couponTrigger(customerId, couponId, plan, i, state.history, pAlive), ctx);
                }
            }
            plan.handledUpTo = Math.max(plan.handledUpTo, now);
            plan.forgetBefore(now);
            long due = plan.nextDue();
            if (due == Long.MAX_VALUE) {
                plans.remove();
            } else {
                next = Math.min(next, due);
            }
        }
        return next;
    }

    /** The due time of a coupon version's reminder, or {@link CouponReminder#NONE}. */
    private long reminderDue(Coupon c) {
        if (c == null || c.isRedeemed()) {
            return CouponReminder.NONE;
        }
        long due = c.expiresAt - couponLeadMillis;
        return due > c.issuedAt ? due : CouponReminder.NONE;
    }

    /** True if a purchase valid at {@code due} and made by then used the coupon. */
    private static boolean redeemedBy(PurchaseHistory history, String couponId, long due) {
        for (Purchase p : madeBy(history, due)) {
            if (couponId.equals(p.couponId)) {
                return true;
            }
        }
        return false;
    }

    /** The purchases valid at {@code t} and made at or before it, in sequence order. */
    private static List<Purchase> madeBy(PurchaseHistory history, long t) {
        List<Purchase> made = new ArrayList<>();
        for (Purchase p : history.validAt(t)) {
            if (p.purchasedAt <= t) {
                made.add(p);
            }
        }
        return made;
    }

    private Trigger couponTrigger(
            String customerId,
            String couponId,
            CouponReminder plan,
            int i,
            PurchaseHistory history,
            PAlive pAlive) {
        long due = plan.dueAt[i];
        Trigger t = new Trigger();
        t.type = TriggerType.COUPON_EXPIRING.name();
        t.customerId = customerId;
        t.dueAt = due;
        t.couponId = couponId;
        t.campaignId = plan.campaignIds[i];
        t.expiresAt = plan.expiresAt[i];
        List<Purchase> then = madeBy(history, due);
        if (!then.isEmpty()) {
            CustomerSnapshot snapshot = CustomerSnapshot.of(customerId, then);
            t.lastPurchaseAt = snapshot.lastPurchaseAt();
            t.category = snapshot.lastCategory();
            t.segment = settings.rfm().score(snapshot, due, pAlive).segment().name();
        }
        t.reason =
                "coupon "
                        + couponId
                        + (t.campaignId == null ? "" : " of campaign " + t.campaignId)
                        + " expires at "
                        + Instant.ofEpochMilli(t.expiresAt);
        t.status = due < suppressBefore ? Trigger.SUPPRESSED : Trigger.SENT;
        t.triggerId = id(customerId, t.type, couponId, String.valueOf(t.dueAt));
        return t;
    }

    private CustomerContributions couponStats(List<Coupon> coupons, List<Purchase> purchases) {
        long[] times = new long[purchases.size()];
        String[] couponIds = new String[purchases.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = purchases.get(i).purchasedAt;
            couponIds[i] = purchases.get(i).couponId;
        }
        return CouponContributions.of(coupons, times, couponIds, campaignWindowDays);
    }

    // ---- Referral commissions (SPEC 8.1) ----

    /** The customer's registration or chain changed: the commissions their purchases owe. */
    private void referralChanged(
            String customerId,
            CustomerState state,
            Referral update,
            Collector<MetricDelta> out,
            ReadOnlyContext ctx) {
        // A referral that earns nothing is not kept: most customers have no referrer.
        Referral referral = update == null || update.earnsNothing() ? null : update;
        if (Objects.equals(state.referral, referral)) {
            return;
        }
        Referral before = state.referral;
        state.referral = referral;
        commissionsChanged(customerId, state, state.history.current(), before, null, out, ctx);
    }

    /** The change of a customer's purchases: of order {@code orderId}, stamped {@code at}. */
    private record OrderChanged(String orderId, long at) {}

    /**
     * The referral_commission rows to write or delete and the referral_stat deltas that take the
     * commissions owed for ({@code referralBefore}, {@code before}) to those owed now. Each row
     * carries the version of its order here ({@link ReferralCommission#version}): when the order
     * last changed in the customer's history, and at least the time of the change handled if it is
     * of that order (an order that left may leave no version behind).
     *
     * @param changed the purchase change handled; null for a change of the referral
     */
    private void commissionsChanged(
            String customerId,
            CustomerState state,
            List<Purchase> before,
            Referral referralBefore,
            OrderChanged changed,
            Collector<MetricDelta> out,
            ReadOnlyContext ctx) {
        ReferralPlanner referrals = settings.referrals();
        referrals
                .changes(
                        referrals.commissions(customerId, referralBefore, before),
                        referrals.commissions(customerId, state.referral, state.history.current()),
                        row -> {
                            row.version = state.history.lastChangeOf(row.orderId);
                            if (changed != null && changed.orderId().equals(row.orderId)) {
                                row.version = Math.max(row.version, changed.at());
                            }
                            ctx.output(COMMISSIONS, row);
                        })
                .forEach(out::collect);
    }

    // ---- Profile, timer, state ----

    // ---- Prediction (SPEC 9) ----

    /**
     * A new model: every customer's profile again, with the prediction as of the model's date. The
     * customer's state is read, not changed, unless a segment rule reads P(alive): then the segment
     * moves with the new P(alive), the scores staying as of the instant the customer was handled up
     * to (timers and triggers are the keyed side's).
     */
    private void predictAll(PredictionModel model, Context ctx, Collector<MetricDelta> out)
            throws Exception {
        ctx.getBroadcastState(PREDICTION_MODEL).put(LATEST_MODEL, model);
        Cycles cycles = new Cycles(ctx.getBroadcastState(CATEGORY_CYCLES));
        PAlive pAlive = pAlive(model);
        ctx.applyToKeyedState(
                stateDescriptor(),
                (customerId, value) -> {
                    CustomerState state = value.value();
                    if (state != null && settings.rfm().readsPAlive() && state.segment != null) {
                        List<Purchase> valid = state.history.validAt(state.handledUpTo);
                        Rfm rfm =
                                settings.rfm()
                                        .score(
                                                CustomerSnapshot.of(customerId, valid),
                                                state.handledUpTo,
                                                pAlive);
                        if (moveRfm(state, rfm, out)) {
                            value.update(state);
                        }
                    }
                    if (state != null && !state.history.isEmpty()) {
                        ctx.output(
                                PROFILES,
                                profile(customerId, state, cycles, model, model.fittedAt()));
                    }
                });
    }

    private static PredictionModel model(ReadOnlyContext ctx) {
        try {
            return ctx.getBroadcastState(PREDICTION_MODEL).get(LATEST_MODEL);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the prediction model", e);
        }
    }

    /** P(alive) under {@code model} (null before the first fit), for segment rules that read it. */
    private PAlive pAlive(PredictionModel model) {
        if (model == null) {
            return PAlive.UNKNOWN;
        }
        return (s, at) ->
                prediction.predict(RepeatBuying.of(s, prediction.calendar()), model, at).pAlive();
    }

    private static ValueStateDescriptor<CustomerState> stateDescriptor() {
        return new ValueStateDescriptor<>(STATE, StateTypes.CUSTOMER_STATE);
    }

    /**
     * The profile row: purchases as known, expected date from the last one, stage and RFM, and the
     * prediction of the purchases as known as of {@code now} under {@code model} (null if none).
     */
    private CustomerProfile profile(
            String customerId,
            CustomerState state,
            Cycles cycles,
            PredictionModel model,
            long now) {
        List<Purchase> known = state.history.current();
        CustomerProfile p = new CustomerProfile();
        p.customerId = customerId;
        p.purchases = known.size();
        if (!known.isEmpty()) {
            CustomerSnapshot s = CustomerSnapshot.of(customerId, known);
            p.firstPurchaseAt = s.firstPurchaseAt();
            p.lastPurchaseAt = s.lastPurchaseAt();
            p.netCents = s.netCents();
            p.expectedNextPurchaseAt =
                    settings.reminders().expectedAt(s, settings.reminders().cycle(s, cycles.of(s)));
            HabitualTime habit =
                    HabitualTime.of(s.times, settings.zone(), settings.habitMinPurchases());
            p.habitualHour = habit.hour();
            p.habitualWeekday = habit.weekday();
            if (model != null) {
                Prediction predicted =
                        prediction.predict(
                                RepeatBuying.of(known, prediction.calendar()), model, now);
                p.pAlive = predicted.pAlive();
                p.expectedPurchases = predicted.expectedPurchases();
                p.predictedValue = predicted.predictedValue();
            }
        }
        p.lifecycleStage = state.stage == null ? null : state.stage.name();
        if (state.segment != null) {
            p.segment = state.segment.name();
            p.rfmR = state.recencyScore;
            p.rfmF = state.frequencyScore;
            p.rfmM = state.monetaryScore;
        }
        return p;
    }

    private static void setTimer(TimerService timers, CustomerState state, long next) {
        if (next == state.timer) {
            return;
        }
        if (state.timer != Long.MAX_VALUE) {
            timers.deleteEventTimeTimer(state.timer);
        }
        if (next != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(next);
        }
        state.timer = next;
    }

    private void save(CustomerState state, TimerService timers) throws Exception {
        if (state.isEmpty()) {
            setTimer(timers, state, Long.MAX_VALUE);
            customer.clear();
        } else {
            customer.update(state);
        }
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
