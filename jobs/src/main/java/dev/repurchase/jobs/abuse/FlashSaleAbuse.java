package dev.repurchase.jobs.abuse;

import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.rules.ExclusionReason;
import dev.repurchase.jobs.ingest.OrderOutcome;
import dev.repurchase.jobs.ingest.OutcomeChanges;
import dev.repurchase.jobs.state.StateTypes;
import dev.repurchase.jobs.wire.WireTypes;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The flash-sale abuse limits of SPEC 8.2, keyed by flash sale (campaign id): within one flash sale
 * the ranked orders sharing a device, IP or address hash are ranked in purchase sequence; an order
 * ranked beyond the limit of a rule (device, IP, address: the first that flags it) is excluded as
 * {@code abuse}. Only the orders of {@code abuse.campaigns} come here (the order versions send the
 * others straight to the customers), and the outcome of every one of them goes on from here: as it
 * came, or turned into an {@code abuse} exclusion (a withdrawn purchase for the customers), through
 * {@link OutcomeChanges} as the order versions do.
 *
 * <p>A change of one order re-ranks only the groups (device, IP, address) it leaves or joins, and
 * re-decides the orders in them: a refund of an earlier order can clear a later one's flag, and a
 * late payment can flag an order already counted. What it emits for another order is stamped with
 * the event time of the change that caused it, so the customers' history holds each order valid
 * exactly while it was not flagged (SPEC 4.1, as of the due times). Every change of a flag goes to
 * {@link #FLAGS} (the {@code abuse_flag} table); an order's first flag is also announced.
 *
 * <p>One key per flash sale: a flash sale is one hot key, by design (its orders are ranked against
 * each other). State: per order a {@link FlashSaleEntry}, per group its {@link RankedOrders}; an
 * order gone from the flash sale (deleted, or no longer any outcome) leaves, unless announced.
 */
public class FlashSaleAbuse extends KeyedProcessFunction<String, FlashSaleOrder, PurchaseChange> {

    /** Exclusion counts (M10) of the flash sales' orders, {@code abuse} included. */
    public static final OutputTag<MetricDelta> EXCLUSIONS =
            new OutputTag<>("flash-sale-exclusions", WireTypes.METRIC_DELTA);

    /** Every change of an {@code abuse_flag} row. */
    public static final OutputTag<AbuseFlag> FLAGS =
            new OutputTag<>("abuse-flags", StateTypes.ABUSE_FLAG);

    public static final String UID = "flash-sale-abuse";

    private static final String ABUSE = ExclusionReason.ABUSE.label();

    private final OutcomeChanges outcomeChanges;
    private final AbuseLimits limits;

    private transient MapState<String, FlashSaleEntry> orders;
    private transient MapState<String, RankedOrders> groups;
    private transient Counter flagged;

    public FlashSaleAbuse(MetricSettings settings, AbuseLimits limits) {
        this.outcomeChanges = new OutcomeChanges(settings);
        this.limits = limits;
    }

    static MapStateDescriptor<String, FlashSaleEntry> orderState() {
        return new MapStateDescriptor<>(
                "flash-sale-orders", Types.STRING, StateTypes.FLASH_SALE_ENTRY);
    }

    static MapStateDescriptor<String, RankedOrders> groupState() {
        return new MapStateDescriptor<>("abuse-groups", Types.STRING, StateTypes.RANKED_ORDERS);
    }

    @Override
    public void open(OpenContext openContext) {
        orders = getRuntimeContext().getMapState(orderState());
        groups = getRuntimeContext().getMapState(groupState());
        flagged =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup("reason", ABUSE)
                        .counter("ordersExcluded");
    }

    @Override
    public void processElement(FlashSaleOrder change, Context ctx, Collector<PurchaseChange> out)
            throws Exception {
        FlashSaleEntry entry = orders.get(change.orderId);
        if (entry != null && change.sameAs(entry.order)) {
            return;
        }
        Map<String, RankedOrders> touched = new LinkedHashMap<>();
        if (entry != null && entry.order.ranked) {
            for (AbuseRule rule : AbuseRule.values()) {
                RankedOrders group = group(rule, entry.order, touched);
                if (group != null) {
                    group.remove(entry.order.purchaseAt, entry.order.orderId);
                }
            }
        }
        if (change.ranked) {
            for (AbuseRule rule : AbuseRule.values()) {
                RankedOrders group = group(rule, change, touched);
                if (group != null) {
                    group.add(change.purchaseAt, change.orderId);
                }
            }
        }
        for (Map.Entry<String, RankedOrders> group : touched.entrySet()) {
            if (group.getValue().size() == 0) {
                groups.remove(group.getKey());
            } else {
                groups.put(group.getKey(), group.getValue());
            }
        }

        OrderOutcome before = entry == null ? null : effective(entry);
        if (entry == null) {
            entry = new FlashSaleEntry();
        }
        entry.order = change;
        decide(entry, before, touched, ctx, out);

        Set<String> others = new LinkedHashSet<>();
        touched.values().forEach(g -> others.addAll(g.orderIds));
        others.remove(change.orderId);
        for (String orderId : others) {
            FlashSaleEntry other = orders.get(orderId);
            decide(other, effective(other), touched, ctx, out);
        }
    }

    /**
     * Re-decides the flag of an order whose group ranks may have changed; emits what changed of its
     * outcome and its flag, and keeps it.
     */
    private void decide(
            FlashSaleEntry entry,
            OrderOutcome before,
            Map<String, RankedOrders> touched,
            Context ctx,
            Collector<PurchaseChange> out)
            throws Exception {
        AbuseRule wasRule = entry.rule;
        int wasRank = entry.rank;
        entry.rule = null;
        entry.rank = 0;
        if (entry.order.ranked) {
            for (AbuseRule rule : AbuseRule.values()) {
                RankedOrders group = group(rule, entry.order, touched);
                int rank =
                        group == null
                                ? 0
                                : group.rankOf(entry.order.purchaseAt, entry.order.orderId);
                if (rank > limits.of(rule)) {
                    entry.rule = rule;
                    entry.rank = rank;
                    break;
                }
            }
        }
        OrderOutcome after = effective(entry);
        if (outcomeChanges.emit(before, after, out, delta -> ctx.output(EXCLUSIONS, delta))
                && after != null
                && ABUSE.equals(after.exclusionReason)) {
            flagged.inc();
        }
        boolean flagChanged = entry.rule != wasRule || entry.rank != wasRank;
        if (flagChanged) {
            boolean announce = entry.rule != null && !entry.announced;
            entry.announced |= announce;
            ctx.output(FLAGS, flag(entry, ctx.getCurrentKey(), ctx.timestamp(), announce));
        }
        if (entry.order.outcome == null && !entry.order.ranked && !entry.announced) {
            orders.remove(entry.order.orderId);
        } else {
            orders.put(entry.order.orderId, entry);
        }
    }

    /** The group of the order under the rule (read once per element), or null without a hash. */
    private RankedOrders group(
            AbuseRule rule, FlashSaleOrder order, Map<String, RankedOrders> touched)
            throws Exception {
        String hash = order.hashOf(rule);
        if (hash == null) {
            return null;
        }
        String key = rule.group(hash);
        RankedOrders group = touched.get(key);
        if (group == null) {
            group = groups.get(key);
            touched.put(key, group == null ? new RankedOrders() : group);
            group = touched.get(key);
        }
        return group;
    }

    /** What the order means downstream: an abuse exclusion if flagged, else its own outcome. */
    private static OrderOutcome effective(FlashSaleEntry entry) {
        if (entry.rule == null) {
            return entry.order.outcome;
        }
        return OrderOutcome.exclusion(ABUSE, entry.order.purchaseAt, entry.order.totalCents);
    }

    private static AbuseFlag flag(
            FlashSaleEntry entry, String campaignId, Long at, boolean announce) {
        FlashSaleOrder o = entry.order;
        AbuseFlag flag = new AbuseFlag();
        flag.orderId = o.orderId;
        flag.campaignId = campaignId;
        flag.customerId = o.customerId;
        flag.rule = entry.rule == null ? null : entry.rule.label();
        flag.rank = entry.rank;
        flag.purchaseAt = o.purchaseAt;
        flag.changedAt = at == null ? Long.MIN_VALUE : at;
        flag.announce = announce;
        flag.deviceHash = o.deviceHash;
        flag.ipHash = o.ipHash;
        flag.addressHash = o.addressHash;
        return flag;
    }
}
