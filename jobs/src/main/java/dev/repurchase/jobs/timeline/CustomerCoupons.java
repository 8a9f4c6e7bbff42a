package dev.repurchase.jobs.timeline;

import dev.repurchase.common.lifecycle.CustomerSnapshot;
import dev.repurchase.common.lifecycle.LifecycleSettings;
import dev.repurchase.common.lifecycle.TriggerType;
import dev.repurchase.common.metric.CouponContributions;
import dev.repurchase.common.metric.CustomerContributions;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.order.Coupon;
import dev.repurchase.common.order.CouponUpdate;
import dev.repurchase.jobs.state.StateTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * A customer's coupons, keyed by customer id: their {@code coupon_stat} contributions, and the
 * COUPON_EXPIRING reminders (SPEC section 4). Inputs: the customer's purchase sequence (the
 * timeline's snapshots) and the changes of their coupons ({@link CouponUpdate}, in source order per
 * coupon).
 *
 * <p><b>coupon_stat.</b> On every change of either input it recomputes what the customer's coupons
 * contribute ({@link CouponContributions}) and emits the differences, so redemptions, deletes and
 * refunds after the fact end exact. The latest version of each coupon is kept for that as long as
 * the coupon is the customer's, as the timeline keeps the purchases.
 *
 * <p><b>COUPON_EXPIRING</b> is due {@code coupons.lead-days} before a coupon expires. It is decided
 * on the coupon as it stood at the due time, so the order in which coupon versions, purchases and
 * event time arrive does not matter: a version plans a reminder due while it holds (from its commit
 * time until the next version's) and after the coupon was issued, unless it is redeemed ({@code
 * redeemed_order_id}) or gone (deleted, moved to another customer); an update of {@code expires_at}
 * so moves the reminder. A valid purchase of the customer carrying the coupon id, at or before the
 * due time, cancels it too. The trigger id is derived from customer, coupon and due time; a
 * reminder due before {@code reminders.suppress-before} is logged SUPPRESSED, not sent. Each
 * coupon's plan ({@link CouponReminder}) is dropped once no reminder can come of it any more
 * (handled, or the coupon redeemed or gone), so this state drains as coupons expire; one event-time
 * timer per customer is kept at the earliest pending due time.
 */
public class CustomerCoupons
        extends KeyedCoProcessFunction<String, CustomerSnapshot, CouponUpdate, MetricDelta>
        implements CheckpointedFunction {

    public static final OutputTag<Trigger> TRIGGERS =
            new OutputTag<>("coupon-triggers", StateTypes.TRIGGER);

    static final String REMINDERS_STATE = "coupon-reminders";

    private static final long DAY_MILLIS = 86_400_000L;

    private final LifecycleSettings lifecycle;
    private final long leadMillis;
    private final int windowDays;

    /** {@code reminders.suppress-before} as the job's first start resolved it. */
    private transient long suppressBefore;

    /** The customer's valid purchases; absent while they have none. */
    private transient ValueState<CustomerSnapshot> purchases;

    /** The latest version of each of the customer's coupons, by coupon id. */
    private transient MapState<String, Coupon> coupons;

    /** The reminder plans of coupons that may still come due, by coupon id. */
    private transient MapState<String, CouponReminder> reminders;

    /** The one event-time timer of the customer; absent if none. */
    private transient ValueState<Long> timer;

    /**
     * @param lifecycle RFM model (the trigger's segment), suppression and the end of event time
     * @param leadDays {@code coupons.lead-days}
     * @param windowDays {@code campaign.window-days}
     */
    public CustomerCoupons(LifecycleSettings lifecycle, int leadDays, int windowDays) {
        this.lifecycle = lifecycle;
        this.leadMillis = leadDays * DAY_MILLIS;
        this.windowDays = windowDays;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        suppressBefore = SuppressBefore.resolve(context, lifecycle);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // The one operator state, suppress-before, is written once in initializeState.
    }

    @Override
    public void open(OpenContext openContext) {
        purchases =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "purchases", StateTypes.CUSTOMER_SNAPSHOT));
        coupons =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "coupons", Types.STRING, StateTypes.COUPON));
        reminders =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        REMINDERS_STATE, Types.STRING, StateTypes.COUPON_REMINDER));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Types.LONG));
    }

    /** The purchase sequence changed. */
    @Override
    public void processElement1(CustomerSnapshot snapshot, Context ctx, Collector<MetricDelta> out)
            throws Exception {
        CustomerSnapshot before = purchases.value();
        CustomerSnapshot after = snapshot.hasPurchases() ? snapshot : null;
        if (!coupons.isEmpty()) {
            List<Coupon> all = couponList();
            CustomerContributions.diff(stats(all, before), stats(all, after)).forEach(out::collect);
        }
        if (after == null) {
            purchases.clear();
        } else {
            purchases.update(after);
        }
        // A purchase carrying a coupon cancels its reminder when that comes due: nothing to plan.
    }

    /** One of the customer's coupons changed. */
    @Override
    public void processElement2(CouponUpdate update, Context ctx, Collector<MetricDelta> out)
            throws Exception {
        CustomerSnapshot s = purchases.value();
        List<Coupon> before = couponList();
        if (update.coupon == null) {
            coupons.remove(update.couponId);
        } else {
            coupons.put(update.couponId, update.coupon);
        }
        CustomerContributions.diff(stats(before, s), stats(couponList(), s)).forEach(out::collect);

        CouponReminder plan = reminders.get(update.couponId);
        if (plan == null) {
            plan = new CouponReminder();
        }
        Coupon c = update.coupon;
        plan.add(
                update.position.commitMillis,
                dueOf(c),
                c == null ? 0 : c.expiresAt,
                c == null ? null : c.campaignId);
        reminders.put(update.couponId, plan);
        evaluate(
                Math.min(ctx.timerService().currentWatermark(), lifecycle.eventTimeEnd()),
                s,
                ctx.getCurrentKey(),
                ctx.timerService(),
                ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricDelta> out)
            throws Exception {
        if (timestamp > lifecycle.eventTimeEnd()) {
            return;
        }
        timer.clear();
        evaluate(timestamp, purchases.value(), ctx.getCurrentKey(), ctx.timerService(), ctx);
    }

    /**
     * Handles the reminders due up to {@code now}, drops the plans nothing can come of any more,
     * and sets the timer at the next due time.
     */
    private void evaluate(
            long now, CustomerSnapshot s, String customerId, TimerService timers, Context ctx)
            throws Exception {
        long next = Long.MAX_VALUE;
        List<String> ids = new ArrayList<>();
        reminders.keys().forEach(ids::add);
        for (String couponId : ids) {
            CouponReminder plan = reminders.get(couponId);
            for (int i = 0; i < plan.versions(); i++) {
                if (plan.pending(i)
                        && plan.dueAt[i] <= now
                        && !usedBy(s, couponId, plan.dueAt[i])) {
                    ctx.output(TRIGGERS, trigger(customerId, couponId, plan, i, s));
                }
            }
            plan.handledUpTo = Math.max(plan.handledUpTo, now);
            plan.forgetBefore(now);
            long due = plan.nextDue();
            if (due == Long.MAX_VALUE) {
                reminders.remove(couponId);
            } else {
                reminders.put(couponId, plan);
                next = Math.min(next, due);
            }
        }
        setTimer(timers, next);
    }

    /** The due time of a version's reminder, or {@link CouponReminder#NONE} if it plans none. */
    private long dueOf(Coupon c) {
        if (c == null || c.isRedeemed()) {
            return CouponReminder.NONE;
        }
        long due = c.expiresAt - leadMillis;
        return due > c.issuedAt ? due : CouponReminder.NONE;
    }

    /** True if a valid purchase made at or before {@code due} used the coupon. */
    private static boolean usedBy(CustomerSnapshot s, String couponId, long due) {
        if (s == null || s.couponIds == null) {
            return false;
        }
        for (int i = 0; i < s.purchases() && s.times[i] <= due; i++) {
            if (couponId.equals(s.couponIds[i])) {
                return true;
            }
        }
        return false;
    }

    private Trigger trigger(
            String customerId, String couponId, CouponReminder plan, int i, CustomerSnapshot s) {
        long due = plan.dueAt[i];
        Trigger t = new Trigger();
        t.type = TriggerType.COUPON_EXPIRING.name();
        t.customerId = customerId;
        t.dueAt = due;
        t.couponId = couponId;
        t.campaignId = plan.campaignIds[i];
        t.expiresAt = plan.expiresAt[i];
        CustomerSnapshot then = s == null ? null : s.asOf(due);
        if (then != null && then.hasPurchases()) {
            t.lastPurchaseAt = then.lastPurchaseAt();
            t.category = then.lastCategory();
            t.segment = lifecycle.rfm().score(then, due).segment().name();
        }
        t.reason =
                "coupon "
                        + couponId
                        + (t.campaignId == null ? "" : " of campaign " + t.campaignId)
                        + " expires at "
                        + Instant.ofEpochMilli(t.expiresAt);
        t.status = due < suppressBefore ? Trigger.SUPPRESSED : Trigger.SENT;
        t.triggerId = CustomerLifecycle.id(customerId, t.type, couponId, String.valueOf(t.dueAt));
        return t;
    }

    private void setTimer(TimerService timers, long next) throws Exception {
        Long current = timer.value();
        if (Objects.equals(current, next == Long.MAX_VALUE ? null : next)) {
            return;
        }
        if (current != null) {
            timers.deleteEventTimeTimer(current);
        }
        if (next == Long.MAX_VALUE) {
            timer.clear();
        } else {
            timers.registerEventTimeTimer(next);
            timer.update(next);
        }
    }

    private List<Coupon> couponList() throws Exception {
        List<Coupon> list = new ArrayList<>();
        coupons.values().forEach(list::add);
        return list;
    }

    private CustomerContributions stats(List<Coupon> all, CustomerSnapshot s) {
        return CouponContributions.of(
                all,
                s == null ? new long[0] : s.times,
                s == null || s.couponIds == null ? new String[0] : s.couponIds,
                windowDays);
    }
}
