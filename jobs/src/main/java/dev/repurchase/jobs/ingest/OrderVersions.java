package dev.repurchase.jobs.ingest;

import dev.repurchase.common.metric.Dimension;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.order.Order;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.OrderLine;
import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.period.PeriodType;
import dev.repurchase.common.rules.ExclusionReason;
import dev.repurchase.common.rules.PurchaseRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The current state of each order, keyed by order id: the latest version of the order row and of
 * each of its lines (by source position, so arrival order, duplicates and snapshot order do not
 * matter), joined whichever arrives first. Whenever what the order means changes, it tells the
 * customer timeline ({@link PurchaseChange}) and retracts/adds its exclusion counts (M10) on the
 * {@link #EXCLUSIONS} side output.
 */
public class OrderVersions extends KeyedProcessFunction<String, OrderChange, PurchaseChange> {

    public static final OutputTag<MetricDelta> EXCLUSIONS =
            new OutputTag<>("exclusions", TypeInformation.of(MetricDelta.class));

    private final PurchaseRules rules;
    private final MetricSettings settings;

    private transient ValueState<OrderChange> order;
    private transient MapState<Integer, OrderChange> lines;
    private transient ValueState<OrderOutcome> outcome;

    public OrderVersions(PurchaseRules rules, MetricSettings settings) {
        this.rules = rules;
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        order =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "order", TypeInformation.of(OrderChange.class)));
        lines =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "lines", Types.INT, TypeInformation.of(OrderChange.class)));
        outcome =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "outcome", TypeInformation.of(OrderOutcome.class)));
    }

    @Override
    public void processElement(OrderChange change, Context ctx, Collector<PurchaseChange> out)
            throws Exception {
        if (!keepIfNewer(change)) {
            return;
        }
        OrderOutcome previous = outcome.value();
        OrderOutcome current = currentOutcome();
        emitPurchaseChanges(previous, current, out);
        if (!sameExclusion(previous, current)) {
            emitExclusion(previous, -1, ctx);
            emitExclusion(current, 1, ctx);
        }
        if (current == null) {
            outcome.clear();
        } else {
            outcome.update(current);
        }
    }

    /** Stores the change if it is newer than the version held; false for stale or duplicates. */
    private boolean keepIfNewer(OrderChange change) throws Exception {
        if (change.isLine()) {
            OrderChange held = lines.get(change.line.lineNo);
            if (held != null && !change.position.isAfter(held.position)) {
                return false;
            }
            lines.put(change.line.lineNo, change);
        } else {
            OrderChange held = order.value();
            if (held != null && !change.position.isAfter(held.position)) {
                return false;
            }
            order.update(change);
        }
        return true;
    }

    /** What the order means now, or null if nothing (not arrived, deleted, pending). */
    private OrderOutcome currentOutcome() throws Exception {
        OrderChange held = order.value();
        if (held == null || held.deleted) {
            return null;
        }
        Order o = held.order;
        List<OrderLine> current = new ArrayList<>();
        for (OrderChange line : lines.values()) {
            if (!line.deleted) {
                current.add(line.line);
            }
        }
        long quantity = current.stream().mapToLong(l -> l.quantity).sum();
        if (rules.verdict(o, quantity) == PurchaseRules.Verdict.PENDING) {
            return null;
        }
        Optional<ExclusionReason> exclusion = rules.exclusion(o, quantity);
        if (exclusion.isPresent()) {
            return OrderOutcome.exclusion(exclusion.get().label(), o.purchaseTime(), o.totalCents);
        }
        return OrderOutcome.purchase(o.customerId, purchaseOf(o, current));
    }

    private static Purchase purchaseOf(Order o, List<OrderLine> lines) {
        Purchase p = new Purchase();
        p.orderId = o.orderId;
        p.purchasedAt = o.purchaseTime();
        p.netCents = o.netCents();
        p.channel = o.channel;
        p.region = o.region;
        p.campaignId = o.campaignId;
        p.couponId = o.couponId;
        // Line amount per category; the primary category has the largest (ties: smallest name).
        TreeMap<String, BigDecimal> amountByCategory = new TreeMap<>();
        for (OrderLine line : lines) {
            String category =
                    line.category == null || line.category.isEmpty()
                            ? Dimension.UNKNOWN
                            : line.category;
            amountByCategory.merge(category, line.amount(), BigDecimal::add);
        }
        p.categories = amountByCategory.keySet().toArray(new String[0]);
        p.primaryCategory = null;
        BigDecimal largest = null;
        for (Map.Entry<String, BigDecimal> e : amountByCategory.entrySet()) {
            if (largest == null || e.getValue().compareTo(largest) > 0) {
                largest = e.getValue();
                p.primaryCategory = e.getKey();
            }
        }
        return p;
    }

    private static void emitPurchaseChanges(
            OrderOutcome previous, OrderOutcome current, Collector<PurchaseChange> out) {
        Purchase was = previous == null ? null : previous.purchase;
        Purchase now = current == null ? null : current.purchase;
        boolean left =
                was != null && (now == null || !previous.customerId.equals(current.customerId));
        if (left) {
            out.collect(PurchaseChange.remove(previous.customerId, was.orderId));
        }
        if (now != null && (left || !now.sameAs(was))) {
            out.collect(PurchaseChange.upsert(current.customerId, now));
        }
    }

    private static boolean sameExclusion(OrderOutcome previous, OrderOutcome current) {
        boolean wasExcluded = previous != null && previous.exclusionReason != null;
        boolean isExcluded = current != null && current.exclusionReason != null;
        if (!wasExcluded && !isExcluded) {
            return true;
        }
        return wasExcluded && isExcluded && previous.sameExclusion(current);
    }

    private void emitExclusion(OrderOutcome o, int sign, Context ctx) {
        if (o == null || o.exclusionReason == null) {
            return;
        }
        for (PeriodType type : settings.periodTypes()) {
            ctx.output(
                    EXCLUSIONS,
                    new MetricDelta(
                            MetricKey.exclusion(
                                    type,
                                    settings.calendar().periodStart(type, o.exclusionTime),
                                    o.exclusionReason),
                            0,
                            new long[] {sign, sign * o.exclusionCents}));
        }
    }
}
