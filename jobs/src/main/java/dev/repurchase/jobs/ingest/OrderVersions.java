package dev.repurchase.jobs.ingest;

import dev.repurchase.common.customer.CustomerSettings;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.privacy.ContactMasker;
import dev.repurchase.common.rules.ExclusionReason;
import dev.repurchase.common.rules.PurchaseRules;
import dev.repurchase.jobs.abuse.FlashSaleOrder;
import dev.repurchase.jobs.abuse.FlashSales;
import dev.repurchase.jobs.config.IngestOptions;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.customer.SuppressBefore;
import dev.repurchase.jobs.state.StateTypes;
import dev.repurchase.jobs.wire.WireTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.TimeUtils;

/**
 * The current state of each order, keyed by order id: the latest version of the order row and of
 * each of its lines (by source position, so arrival order, duplicates and snapshot order do not
 * matter), joined whichever arrives first. Whenever what the order means changes, it tells the
 * customer timeline ({@link PurchaseChange}) and retracts/adds its exclusion counts (M10) on the
 * {@link #EXCLUSIONS} side output; each exclusion is counted in the metric {@code
 * reason.<reason>.ordersExcluded}.
 *
 * <p>Lines whose order has not arrived wait in state. When event time passes the latest commit time
 * of such lines plus the orphan-line grace ({@code ingest.orphan-line-grace}, 7 days by default)
 * and the order still has not come, each line becomes a dead letter on {@link #LINE_DEAD_LETTERS}
 * (counted in {@code orphanLinesExpired} and {@code reason.orphan-line.deadLetters}) and the lines
 * are dropped from state, so it drains; an order arriving after that counts without them. The grace
 * ends when the order arrives. A grace timer due after the end of event time ({@code time.end}, a
 * replay's end of history) does not fire, nor does settling.
 *
 * <p>A change arriving behind event time by more than {@code watermark.allowed-lateness} is applied
 * all the same and reported on {@link LateChanges#REPORTS}: here, because this is where a change
 * still has its commit time and source, and event time is the one the lifecycle timers run on.
 *
 * <p>Where the order row plans them, it decides the order-operation alerts of SPEC 4.2 on {@link
 * #ALERTS} as of their due times, from the order's own changes ({@link OrderAlerts}); an alert due
 * before {@code reminders.suppress-before} is SUPPRESSED. An order with lines waiting for it has no
 * row yet, so no alerts either.
 *
 * <p>Orders settle (SPEC 1): {@code ingest.settle-days} of event time after its latest change (by
 * commit time), an order forgets its row and lines but for what a later change of its row needs
 * (its outcome, and its lines' total quantity, categories and primary category). A later change of
 * the row applies exactly as before; a later change of its lines is a dead letter on {@link
 * #LINE_DEAD_LETTERS} (reason {@code settled-order-lines}, counted in {@code
 * reason.settled-order-lines.deadLetters}) and changes nothing. Settling leaves the alerts alone:
 * they keep what can still decide one, and their timer. What comes after settling is decided by
 * commit time, not by how far event time had got when a change was read (which depends on the
 * parallelism, the read-ahead of a replay, a restore): a change of a line committed at or after the
 * settle time waits in the record until either a change committed before the settle time moves it
 * past the waiting one, which then applies, or event time reaches the settle time, which makes it a
 * dead letter ({@link OrderRecord#linesAfterSettleTime}).
 *
 * <p>All it holds of an order is one {@link OrderRecord}, its alerts included, so that an event
 * costs one state read and at most one write, and a timer at the earliest of its orphan grace, its
 * alerts' timer and its settle time, or before it where the settle time moved later. It runs in
 * {@link OrderVersionsOperator}, which migrates the state of earlier versions.
 */
public class OrderVersions extends KeyedProcessFunction<String, OrderChange, PurchaseChange>
        implements CheckpointedFunction {

    /** The source topic of a dead letter whose change did not come from Kafka. */
    static final String UNKNOWN_SOURCE = "(unknown)";

    public static final OutputTag<MetricDelta> EXCLUSIONS =
            new OutputTag<>("exclusions", WireTypes.METRIC_DELTA);

    /**
     * Order lines that cannot count: those whose order did not come within the grace, and changes
     * of the lines of a settled order.
     */
    public static final OutputTag<DeadLetter> LINE_DEAD_LETTERS =
            new OutputTag<>("line-dead-letters", WireTypes.DEAD_LETTER);

    /** The order-operation alerts that came due, sent or suppressed. */
    public static final OutputTag<OrderAlert> ALERTS =
            new OutputTag<>("order-alerts", StateTypes.ORDER_ALERT);

    /**
     * Each change of an order of a flash sale (SPEC 8.2), for the abuse ranking, which tells the
     * customers and the exclusion counts instead of this function.
     */
    public static final OutputTag<FlashSaleOrder> FLASH_SALE_ORDERS =
            new OutputTag<>("flash-sale-orders", StateTypes.FLASH_SALE_ORDER);

    /** The default of {@code ingest.orphan-line-grace}. */
    public static final Duration DEFAULT_ORPHAN_LINE_GRACE = Duration.ofDays(7);

    private final PurchaseRules rules;
    private final OutcomeChanges outcomeChanges;
    private final FlashSales flashSales;
    private final Duration orphanLineGrace;
    private final Duration settleAfter;
    private final LateChanges lateChanges;
    private final long eventTimeEnd;
    private final AlertSettings alertSettings;
    private final long configuredSuppressBefore;
    private final boolean suppressBeforeIsDefault;

    /** {@code reminders.suppress-before} as the job's first start resolved it. */
    private transient long suppressBefore;

    private transient ValueState<OrderRecord> records;

    /** Alerts by type and status: metric group {@code alerts.<TYPE>}, counter per status. */
    private transient Map<String, Counter> alertCounts;

    private transient Map<String, Counter> ordersExcluded;
    private transient Counter orphanLinesExpired;
    private transient Counter orphanDeadLetters;
    private transient Counter settledLineDeadLetters;

    /**
     * With the default orphan-line grace, allowed lateness and settle time, no end of event time,
     * and alerts switched off.
     */
    public OrderVersions(PurchaseRules rules, MetricSettings settings) {
        this(
                rules,
                settings,
                DEFAULT_ORPHAN_LINE_GRACE,
                PipelineOptions.WATERMARK_ALLOWED_LATENESS.defaultValue(),
                Long.MAX_VALUE);
    }

    /**
     * With the default settle time and alerts switched off.
     *
     * @param orphanLineGrace how long lines wait for their order (event time)
     * @param allowedLateness how far behind event time a change may arrive without being reported
     * @param eventTimeEnd grace and alert timers due after this (epoch ms) do not fire
     */
    public OrderVersions(
            PurchaseRules rules,
            MetricSettings settings,
            Duration orphanLineGrace,
            Duration allowedLateness,
            long eventTimeEnd) {
        this(
                rules,
                settings,
                orphanLineGrace,
                allowedLateness,
                eventTimeEnd,
                Duration.ofDays(IngestOptions.SETTLE_DAYS.defaultValue()),
                new AlertSettings(0, 0, 0, EnumSet.noneOf(AlertType.class)),
                Long.MIN_VALUE,
                false,
                FlashSales.NONE);
    }

    /**
     * @param settleAfter how long after its latest change an order settles (event time)
     * @param alertSettings the alerts and their times
     * @param suppressBefore alerts due before this (epoch ms) are SUPPRESSED
     * @param suppressBeforeIsDefault whether {@code suppressBefore} is the default (the job's start
     *     minus one day): then that of the job's first start, kept in operator state, wins
     * @param flashSales the campaigns whose orders go through the abuse ranking
     */
    public OrderVersions(
            PurchaseRules rules,
            MetricSettings settings,
            Duration orphanLineGrace,
            Duration allowedLateness,
            long eventTimeEnd,
            Duration settleAfter,
            AlertSettings alertSettings,
            long suppressBefore,
            boolean suppressBeforeIsDefault,
            FlashSales flashSales) {
        this.rules = rules;
        this.outcomeChanges = new OutcomeChanges(settings);
        this.flashSales = flashSales;
        this.orphanLineGrace = orphanLineGrace;
        this.settleAfter = settleAfter;
        this.lateChanges = new LateChanges(allowedLateness);
        this.eventTimeEnd = eventTimeEnd;
        this.alertSettings = alertSettings;
        this.configuredSuppressBefore = suppressBefore;
        this.suppressBeforeIsDefault = suppressBeforeIsDefault;
    }

    /**
     * The rules, grace, allowed lateness, end of event time, settle time, alerts and their
     * suppression of the configuration.
     *
     * @param jobStart when the job starts: alerts due a day before are suppressed by default
     */
    public static OrderVersions from(
            ReadableConfig config, MetricSettings settings, Instant jobStart) {
        CustomerSettings lifecycle = CustomerSettings.from(config, jobStart);
        return new OrderVersions(
                PurchaseRules.from(config),
                settings,
                config.get(IngestOptions.ORPHAN_LINE_GRACE),
                config.get(PipelineOptions.WATERMARK_ALLOWED_LATENESS),
                lifecycle.eventTimeEnd(),
                IngestOptions.settleAfter(config),
                AlertSettings.from(config),
                lifecycle.suppressBefore(),
                lifecycle.suppressBeforeIsDefault(),
                FlashSales.from(config));
    }

    /** The state of this function: one {@link OrderRecord} per order. */
    static ValueStateDescriptor<OrderRecord> recordState() {
        return new ValueStateDescriptor<>("order-record", StateTypes.ORDER_RECORD);
    }

    /** How long after its latest change an order settles. */
    Duration settleAfter() {
        return settleAfter;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        suppressBefore =
                SuppressBefore.resolve(context, configuredSuppressBefore, suppressBeforeIsDefault);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // The one operator state, suppress-before, is written once in initializeState.
    }

    @Override
    public void open(OpenContext openContext) {
        records = getRuntimeContext().getState(recordState());
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        alertCounts = new HashMap<>();
        for (AlertType type : AlertType.values()) {
            for (String status : List.of(OrderAlert.SENT, OrderAlert.SUPPRESSED)) {
                alertCounts.put(
                        type.name() + status,
                        metrics.addGroup("alerts").addGroup(type.name()).counter(status));
            }
        }
        ordersExcluded = new HashMap<>();
        for (ExclusionReason reason : ExclusionReason.values()) {
            ordersExcluded.put(
                    reason.label(),
                    metrics.addGroup("reason", reason.label()).counter("ordersExcluded"));
        }
        orphanLinesExpired = metrics.counter("orphanLinesExpired");
        lateChanges.open(metrics);
        orphanDeadLetters =
                metrics.addGroup("reason", RejectionClass.ORPHAN_LINE.label())
                        .counter("deadLetters");
        settledLineDeadLetters =
                metrics.addGroup("reason", RejectionClass.SETTLED_ORDER_LINES.label())
                        .counter("deadLetters");
    }

    @Override
    public void processElement(OrderChange change, Context ctx, Collector<PurchaseChange> out)
            throws Exception {
        // One read and at most one write of the record per event: state access dominates this
        // operator's cost.
        OrderRecord record = records.value();
        if (record == null) {
            record = new OrderRecord();
        }
        if (change.isLine() && record.isSettled()) {
            settledLine(change, ctx);
            return;
        }
        Long timer = record.timer();
        Long settleAt = record.settleAt;
        boolean afterSettleTime = record.isAfterSettleTime(change, eventTimeEnd);
        boolean changed;
        if (change.isLine() && afterSettleTime) {
            // Whether it comes after the order settled is known once event time gets there.
            record.holdAfterSettleTime(change);
            changed = true;
        } else {
            changed = apply(change, afterSettleTime, record, ctx, out);
        }
        if (changed) {
            schedule(timer, settleAt, record, ctx.timerService());
            records.update(record);
        }
    }

    /**
     * Applies a change to the record and tells what it changes.
     *
     * @param afterSettleTime whether it was made at or after the settle time ({@link
     *     OrderRecord#isAfterSettleTime}); a line comes here only when it was not
     * @return whether the record changed
     */
    private boolean apply(
            OrderChange change,
            boolean afterSettleTime,
            OrderRecord record,
            Context ctx,
            Collector<PurchaseChange> out) {
        boolean newer = record.hold(change);
        boolean alertsChanged =
                !change.isLine()
                        && !alertSettings.types().isEmpty()
                        && planAlerts(change, newer, record, ctx.timerService());
        if (newer) {
            tell(change, record, ctx, out);
            awaitOrder(change, record);
        }
        // A change older than the version held still tells when a live order settles.
        boolean settleTimeMoved =
                (newer || !record.isSettled())
                        && settleAfter(change, afterSettleTime, record, ctx, out);
        return newer || alertsChanged || settleTimeMoved;
    }

    /**
     * Tells the customers what the order means since a newer version of its row or of a line: its
     * purchase or exclusion, or its flash-sale order.
     */
    private void tell(
            OrderChange change, OrderRecord record, Context ctx, Collector<PurchaseChange> out) {
        lateChanges
                .check(change, ctx.timerService().currentWatermark())
                .ifPresent(report -> ctx.output(LateChanges.REPORTS, report));
        OrderOutcome previous = record.outcome;
        OrderLines.Summary lines = record.linesSummary();
        OrderOutcome current = outcomeOf(record, lines);
        correctLines(change, record, lines, out);
        if (previous == null && record.flashSale == null) {
            record.flashSale = flashSales.of(record.order);
        }
        if (record.flashSale != null) {
            ctx.output(
                    FLASH_SALE_ORDERS,
                    flashSales.order(
                            record.flashSale,
                            change.orderId,
                            record.orderDeleted ? null : record.order,
                            current));
        } else if (outcomeChanges.emit(
                        previous, current, out, delta -> ctx.output(EXCLUSIONS, delta))
                && current != null
                && current.exclusionReason != null) {
            ordersExcluded.get(current.exclusionReason).inc();
        }
        if (!OrderOutcome.same(previous, current)) {
            record.outcome = current;
        }
    }

    /**
     * Moves the settle time past the change and applies the changes of lines that then come before
     * it; a change of the row committed at or after the settle time only waits to see whether a
     * change committed before moves the settle time past it.
     *
     * @return whether the record changed
     */
    private boolean settleAfter(
            OrderChange change,
            boolean afterSettleTime,
            OrderRecord record,
            Context ctx,
            Collector<PurchaseChange> out) {
        long changedAt = OrderRecord.changedAt(change);
        if (afterSettleTime) {
            return record.rowAfterSettleTime(changedAt);
        }
        Long before = record.settleAt;
        List<OrderChange> released = record.settleAfterChange(changedAt, settleAfter.toMillis());
        for (OrderChange line : released) {
            // Now before the settle time.
            apply(line, false, record, ctx, out);
        }
        return !released.isEmpty() || !Objects.equals(before, record.settleAt);
    }

    /**
     * Keeps the orphan deadline while lines wait for their order: the grace after the latest commit
     * time of a waiting line; none once the order arrives.
     */
    private void awaitOrder(OrderChange change, OrderRecord record) {
        if (record.hasRow()) {
            record.orphanDeadline = null;
            return;
        }
        long due = saturatedAdd(change.position.commitMillis, orphanLineGrace.toMillis());
        if (record.orphanDeadline == null || due > record.orphanDeadline) {
            record.orphanDeadline = due;
        }
    }

    /**
     * Keeps a timer registered at or before the record's {@link OrderRecord#timer}, which was
     * {@code before} the change. An alert or orphan timer moves exactly. A settle time ({@code
     * settleAt} before the change) that moved later keeps its timer, which when it fires registers
     * the record's timer of then ({@link #onTimer}): nearly every change of an order moves its
     * settle time, and deleting and registering a RocksDB timer for each costs more than one early
     * firing {@code ingest.settle-days} on. Alert timers are not left behind: they would fire
     * within hours, each for a state read.
     */
    private static void schedule(
            Long before, Long settleAt, OrderRecord record, TimerService timers) {
        Long after = record.timer();
        if (Objects.equals(before, after)) {
            return;
        }
        if (before != null && before.equals(settleAt)) {
            // The settle timer stays; a new one only if something comes due before it.
            if (after != null && after < before) {
                timers.registerEventTimeTimer(after);
            }
            return;
        }
        if (before != null) {
            timers.deleteEventTimeTimer(before);
        }
        if (after != null) {
            timers.registerEventTimeTimer(after);
        }
    }

    /**
     * Adds a version of the order row to the order's alerts. A change stamped at or before event
     * time counts only if it is the newest of the row (late, applied all the same): an older one or
     * a duplicate comes after the alerts it could have decided.
     */
    private boolean planAlerts(
            OrderChange change, boolean newer, OrderRecord record, TimerService timers) {
        long eventTime = timers.currentWatermark();
        boolean late = change.position.commitMillis <= eventTime;
        if (late && !newer) {
            return false;
        }
        OrderAlerts held = record.alerts == null ? new OrderAlerts() : record.alerts;
        OrderAlerts.Step step = OrderAlerts.Step.of(change, alertSettings);
        if (late) {
            held.addLate(step);
        } else if (!held.add(step)) {
            return false;
        }
        held.settle(eventTime);
        scheduleAlerts(held, eventTime, record);
        return true;
    }

    /** Sets the time of the order's one alert timer; the record keeps the alerts while any. */
    private void scheduleAlerts(OrderAlerts held, long eventTime, OrderRecord record) {
        held.timer = held.nextTimer(eventTime, eventTimeEnd);
        record.alerts = held.isEmpty() ? null : held;
    }

    /**
     * The order's timer does what is due, if anything (a settle timer may have been left behind
     * when the settle time moved later): its alert timer decides the alerts due up to event time;
     * at the orphan deadline, if the order still has not come, the lines become dead letters and
     * the order leaves state; at the settle time the order settles.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PurchaseChange> out)
            throws Exception {
        OrderRecord record = records.value();
        if (record == null) {
            return;
        }
        boolean changed = false;
        if (record.alerts != null
                && record.alerts.timer != null
                && record.alerts.timer <= timestamp) {
            fireAlerts(record, record.alerts.timer, ctx);
            changed = true;
        }
        if (timestamp <= eventTimeEnd
                && record.orphanDeadline != null
                && record.orphanDeadline <= timestamp) {
            if (!record.hasRow()) {
                expireOrphanLines(record, ctx);
                // Without an order there is no outcome either: nothing of the order is left.
                records.clear();
                return;
            }
            record.orphanDeadline = null;
            changed = true;
        }
        if (timestamp <= eventTimeEnd
                && record.hasRow()
                && record.settleAt != null
                && record.settleAt <= timestamp) {
            for (OrderChange line : record.settle()) {
                settledLine(line, ctx);
            }
            changed = true;
        }
        if (changed) {
            records.update(record);
        }
        // This may have been a settle timer left behind when the settle time moved later.
        Long next = record.timer();
        if (next != null && next > timestamp) {
            ctx.timerService().registerEventTimeTimer(next);
        }
    }

    private void expireOrphanLines(OrderRecord record, OnTimerContext ctx) {
        for (OrderRecord.Line line : record.decodeLines()) {
            ctx.output(LINE_DEAD_LETTERS, orphanDeadLetter(ctx.getCurrentKey(), line));
            orphanLinesExpired.inc();
            orphanDeadLetters.inc();
        }
    }

    /** Decides the alerts due from the alert timer {@code from} up to event time. */
    private void fireAlerts(OrderRecord record, long from, OnTimerContext ctx) {
        OrderAlerts held = record.alerts;
        long eventTime = ctx.timerService().currentWatermark();
        for (OrderAlerts.Due due : held.decide(from, Math.min(eventTime, eventTimeEnd))) {
            OrderAlert alert =
                    OrderAlert.of(
                            due.type(),
                            ctx.getCurrentKey(),
                            due.asOf().customerId,
                            due.dueAt(),
                            suppressBefore);
            ctx.output(ALERTS, alert);
            alertCounts.get(alert.type + alert.status).inc();
        }
        held.settle(eventTime);
        scheduleAlerts(held, eventTime, record);
    }

    /** A change of a line of a settled order: reported, not applied. */
    private void settledLine(OrderChange change, Context ctx) {
        ctx.output(LINE_DEAD_LETTERS, settledLineDeadLetter(change));
        settledLineDeadLetters.inc();
    }

    private DeadLetter settledLineDeadLetter(OrderChange change) {
        return new DeadLetter(
                change.sourceTopic == null ? UNKNOWN_SOURCE : change.sourceTopic,
                change.sourcePartition,
                change.sourceOffset,
                ContactMasker.excerpt(
                        RejectionClass.SETTLED_ORDER_LINES_REASON
                                + ": a change of a line more than ingest.settle-days ("
                                + TimeUtils.formatWithHighestUnit(settleAfter)
                                + ") after its order's last change, not applied",
                        CdcDeserializer.REASON_CHARS),
                ContactMasker.excerpt(
                        lineExcerpt(change.orderId, OrderRecord.Line.of(change)),
                        CdcDeserializer.EXCERPT_CHARS));
    }

    private DeadLetter orphanDeadLetter(String orderId, OrderRecord.Line line) {
        return new DeadLetter(
                line.sourceTopic == null ? UNKNOWN_SOURCE : line.sourceTopic,
                line.sourcePartition,
                line.sourceOffset,
                ContactMasker.excerpt(
                        RejectionClass.ORPHAN_LINE_REASON
                                + " within ingest.orphan-line-grace ("
                                + TimeUtils.formatWithHighestUnit(orphanLineGrace)
                                + ")",
                        CdcDeserializer.REASON_CHARS),
                ContactMasker.excerpt(lineExcerpt(orderId, line), CdcDeserializer.EXCERPT_CHARS));
    }

    /** The line as a dead letter shows it. */
    private static String lineExcerpt(String orderId, OrderRecord.Line line) {
        return String.format(
                "{\"order_id\":%s,\"line_no\":%d,\"sku\":%s,\"category\":%s,"
                        + "\"quantity\":%d,\"unit_price\":%s,\"deleted\":%b}",
                quoted(orderId),
                line.lineNo,
                quoted(line.sku),
                quoted(line.category),
                line.quantity,
                line.unitPrice == null ? "null" : quoted(line.unitPrice.toPlainString()),
                line.deleted);
    }

    private static String quoted(String text) {
        return text == null
                ? "null"
                : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * What the order means now with its current lines, or null if nothing (not arrived, deleted,
     * pending).
     */
    private OrderOutcome outcomeOf(OrderRecord record, OrderLines.Summary lines) {
        if (record.order == null || record.orderDeleted) {
            return null;
        }
        Order o = record.order;
        if (rules.verdict(o, lines.quantity()) == PurchaseRules.Verdict.PENDING) {
            return null;
        }
        Optional<ExclusionReason> exclusion = rules.exclusion(o, lines.quantity());
        if (exclusion.isPresent()) {
            return OrderOutcome.exclusion(exclusion.get().label(), o.purchaseTime(), o.totalCents);
        }
        return OrderOutcome.purchase(o.customerId, purchaseOf(o, lines));
    }

    private static Purchase purchaseOf(Order o, OrderLines.Summary lines) {
        Purchase p = new Purchase();
        p.orderId = o.orderId;
        p.purchasedAt = o.purchaseTime();
        p.netCents = o.netCents();
        p.channel = o.channel;
        p.region = o.region;
        p.campaignId = o.campaignId;
        p.couponId = o.couponId;
        p.categories = lines.categories().clone();
        p.primaryCategory = lines.primaryCategory();
        return p;
    }

    /**
     * Lines read after versions of their order's row stamped later than they are: those versions
     * were told to the customer without them. What the lines decide (primary category, bulk
     * quantity) holds from their stamp on, so the customer corrects every version of the order
     * since then, not only the current one; otherwise which versions carry the lines would depend
     * on how far the orders topic was read ahead of the lines (after a restore, say).
     */
    private void correctLines(
            OrderChange change,
            OrderRecord record,
            OrderLines.Summary lines,
            Collector<PurchaseChange> out) {
        if (!change.isLine()
                || record.order == null
                || record.order.customerId == null
                || record.order.customerId.isEmpty()
                || change.position.commitMillis >= record.orderPosition.commitMillis) {
            return;
        }
        out.collect(
                PurchaseChange.lines(
                        record.order.customerId,
                        record.order.orderId,
                        lines.primaryCategory(),
                        rules.bulkByQuantity(lines.quantity())));
    }
}
