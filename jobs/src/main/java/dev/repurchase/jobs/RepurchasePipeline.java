package dev.repurchase.jobs;

import dev.repurchase.common.config.CampaignOptions;
import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.customer.CustomerSettings;
import dev.repurchase.common.customer.ReferralCommission;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.metric.MetricTable;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.common.predict.PredictionSettings;
import dev.repurchase.jobs.abuse.AbuseLimits;
import dev.repurchase.jobs.abuse.FlashSaleAbuse;
import dev.repurchase.jobs.aggregate.CampaignEffects;
import dev.repurchase.jobs.aggregate.DeltaPreAggregator;
import dev.repurchase.jobs.aggregate.LearnedCycles;
import dev.repurchase.jobs.aggregate.MetricAggregator;
import dev.repurchase.jobs.aggregate.MetricRow;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.customer.CustomerOperator;
import dev.repurchase.jobs.customer.CustomerTimeline;
import dev.repurchase.jobs.customer.ReferralChains;
import dev.repurchase.jobs.ingest.CouponVersions;
import dev.repurchase.jobs.ingest.DeadLetterRouting;
import dev.repurchase.jobs.ingest.DecodedChange;
import dev.repurchase.jobs.ingest.LateChanges;
import dev.repurchase.jobs.ingest.OrderVersions;
import dev.repurchase.jobs.ingest.OrderVersionsOperator;
import dev.repurchase.jobs.predict.PredictionFit;
import dev.repurchase.jobs.sink.CheckpointGate;
import dev.repurchase.jobs.sink.LatestCommissions;
import dev.repurchase.jobs.state.StateTypes;
import dev.repurchase.jobs.wire.WireTypes;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Either;

/**
 * The job graph, from decoded CDC changes to the sinks. Sources and sinks are passed in, so the
 * cluster job, the replay and the tests run the very same graph.
 *
 * <pre>
 * changes ─> dead letters out ─> order versions (keyBy order) ─> purchase changes
 *                 │                  ├─ orphan lines (no order within the grace) ─> dead letters
 *                 │                  ├─ late changes (applied, reported) ─> dead-letter topic
 *                 │                  └─ flash-sale orders ─> abuse ranking (keyBy campaign)
 *                 │                        ─> purchase changes (+ exclusions), abuse_flag, alerts
 *                 ├─ coupons ─> coupon versions (keyBy coupon) ─> coupon changes ──────┐
 *                 └─ customers ─> referral chains (one instance) ─> referral changes ──┤
 * purchase changes                                                                    │
 *   ├─> customer timeline (keyBy customer): metric deltas (+ exclusions) ─> aggregate  │
 *   │      (keyBy row) ─> sinks   ├─ category cycles (broadcast) ─┐                     │
 *   │                             └─ campaign and baseline months │                     │
 *   │                                  ─> campaign effect (global) ─> gate ─> sinks     │
 *   │      └─ repeat buying (x, t_x, first day) ─> prediction fit (global) ─> models ─┐  │
 *   │            (broadcast with the category cycles) ─> prediction_model              │  │
 *   └─> customer (keyBy customer, the one history and its planners) <─────────────────┴──┘
 *         ─> triggers, lifecycle events, profiles (gate), stage, segment and coupon counts,
 *            referral_stat deltas, referral_commission rows (gate)
 * </pre>
 *
 * <p>The customer operator holds each customer's history with validity times and plans everything
 * from it; the timeline only counts the customer's metric contributions, so that the learned
 * category cycles computed from them reach the planners without a loop in the graph. The
 * prediction's models are fitted from the timeline's changes for the same reason.
 *
 * <p>Every stream of metric deltas is summed locally (chained to the operator that makes it) before
 * its shuffle to an aggregate.
 */
public final class RepurchasePipeline {

    private final ReadableConfig config;
    private final Instant jobStart;

    /**
     * @param jobStart when the job starts: triggers due a day before are suppressed by default,
     *     unless a checkpoint or savepoint restored holds the instant of an earlier start
     */
    public RepurchasePipeline(ReadableConfig config, Instant jobStart) {
        this.config = config;
        this.jobStart = jobStart;
    }

    /**
     * @param changes decoded CDC changes with their commit time as event time
     */
    public void build(DataStream<DecodedChange> changes, PipelineSinks sinks) {
        MetricSettings settings = MetricSettings.from(config);

        SingleOutputStreamOperator<OrderChange> decoded =
                changes.process(new DeadLetterRouting(), StateTypes.ORDER_CHANGE)
                        .name("Route dead letters")
                        .uid("route-dead-letters");

        SingleOutputStreamOperator<PurchaseChange> orderVersions =
                decoded.keyBy(change -> change.orderId, Types.STRING)
                        .transform(
                                "Order versions",
                                WireTypes.PURCHASE_CHANGE,
                                new OrderVersionsOperator(
                                        OrderVersions.from(config, settings, jobStart)))
                        .uid("order-versions");
        sinks.deadLetters(
                decoded.getSideOutput(DeadLetterRouting.DEAD_LETTERS)
                        .union(orderVersions.getSideOutput(OrderVersions.LINE_DEAD_LETTERS)));
        sinks.lateChanges(orderVersions.getSideOutput(LateChanges.REPORTS));
        sinks.orderAlerts(orderVersions.getSideOutput(OrderVersions.ALERTS));

        SingleOutputStreamOperator<PurchaseChange> flashSales =
                orderVersions
                        .getSideOutput(OrderVersions.FLASH_SALE_ORDERS)
                        .keyBy(order -> order.campaignId, Types.STRING)
                        .process(
                                new FlashSaleAbuse(settings, AbuseLimits.from(config)),
                                WireTypes.PURCHASE_CHANGE)
                        .name("Flash-sale abuse")
                        .uid(FlashSaleAbuse.UID);
        sinks.abuseFlags(flashSales.getSideOutput(FlashSaleAbuse.FLAGS));
        DataStream<PurchaseChange> purchases = orderVersions.union(flashSales);

        CustomerSettings customerSettings = CustomerSettings.from(config, jobStart);
        SingleOutputStreamOperator<MetricDelta> customerDeltas =
                purchases
                        .keyBy(change -> change.customerId, Types.STRING)
                        .process(
                                new CustomerTimeline(
                                        settings, config.get(LifecycleOptions.LEARN_HORIZON_DAYS)),
                                WireTypes.METRIC_DELTA)
                        .name("Customer timeline")
                        .uid("customer-timeline");

        DataStream<MetricRow> purchaseRows =
                aggregate(
                        preAggregate(customerDeltas, "purchase metrics")
                                .union(
                                        preAggregate(
                                                orderVersions.getSideOutput(
                                                        OrderVersions.EXCLUSIONS),
                                                "exclusions"),
                                        preAggregate(
                                                flashSales.getSideOutput(FlashSaleAbuse.EXCLUSIONS),
                                                "flash-sale exclusions")),
                        "Aggregate purchase metrics",
                        "aggregate-metrics");

        SingleOutputStreamOperator<CategoryCycle> learnedCycles =
                customerDeltas
                        .getSideOutput(CustomerTimeline.INTERVALS)
                        .keyBy(change -> change.interval().category(), Types.STRING)
                        .process(
                                new LearnedCycles(
                                        config.get(LifecycleOptions.LEARN_HORIZON_DAYS),
                                        customerSettings.eventTimeEnd()),
                                StateTypes.CATEGORY_CYCLE)
                        .name("Learned category cycles")
                        .uid("learned-cycles");
        sinks.learnedCycles(
                CheckpointGate.apply(
                        learnedCycles,
                        cycle -> cycle.category,
                        "Learned cycles held to checkpoints",
                        "learned-cycles-gate"));
        PredictionSettings prediction =
                PredictionSettings.from(config, customerSettings.eventTimeEnd());
        SingleOutputStreamOperator<PredictionModel> fits =
                customerDeltas
                        .getSideOutput(CustomerTimeline.REPEAT_BUYING)
                        .keyBy(change -> PredictionFit.ALL, Types.STRING)
                        .process(new PredictionFit(prediction), StateTypes.PREDICTION_MODEL)
                        .name("Prediction fit")
                        .uid("prediction-fit")
                        .setParallelism(1);
        sinks.predictionModels(fits);
        DataStream<Either<CategoryCycle, PredictionModel>> predictionModels =
                fits.map(Either::<CategoryCycle, PredictionModel>Right, CustomerOperator.BROADCAST)
                        .name("Prediction models")
                        .setParallelism(1);

        DataStream<CustomerChange> couponChanges =
                decoded.getSideOutput(DeadLetterRouting.COUPONS)
                        .keyBy(change -> change.couponId, Types.STRING)
                        .process(new CouponVersions(), WireTypes.COUPON_UPDATE)
                        .name("Coupon versions")
                        .uid("coupon-versions")
                        .map(CustomerChange::of, WireTypes.CUSTOMER_CHANGE)
                        .name("Coupon changes");
        DataStream<CustomerChange> referralChanges =
                decoded.getSideOutput(DeadLetterRouting.CUSTOMERS)
                        .keyBy(change -> ReferralChains.ALL, Types.STRING)
                        .process(
                                new ReferralChains(customerSettings.referrals().levels()),
                                WireTypes.CUSTOMER_CHANGE)
                        .name("Referral chains")
                        .uid(ReferralChains.UID)
                        .setParallelism(1);
        SingleOutputStreamOperator<MetricDelta> customerCounts =
                purchases
                        .map(CustomerChange::of, WireTypes.CUSTOMER_CHANGE)
                        .name("Purchase changes")
                        .union(couponChanges, referralChanges)
                        .keyBy(CustomerChange::customerId, Types.STRING)
                        .connect(
                                learnedCycles
                                        .map(
                                                Either::<CategoryCycle, PredictionModel>Left,
                                                CustomerOperator.BROADCAST)
                                        .name("Learned cycles for the customers")
                                        .union(predictionModels)
                                        .broadcast(
                                                CustomerOperator.CATEGORY_CYCLES,
                                                CustomerOperator.PREDICTION_MODEL))
                        .process(
                                new CustomerOperator(
                                        customerSettings,
                                        config.get(CampaignOptions.COUPON_LEAD_DAYS),
                                        config.get(CampaignOptions.WINDOW_DAYS),
                                        prediction),
                                WireTypes.METRIC_DELTA)
                        .name("Customer")
                        .uid(CustomerOperator.UID);

        sinks.metricRows(
                purchaseRows.union(
                        aggregate(
                                preAggregate(customerCounts, "customer counts"),
                                "Aggregate lifecycle counts",
                                "aggregate-lifecycle"),
                        campaignEffects(purchaseRows)));
        sinks.customerProfiles(
                CheckpointGate.apply(
                        customerCounts.getSideOutput(CustomerOperator.PROFILES),
                        profile -> profile.customerId,
                        "Customer profiles held to checkpoints",
                        "customer-profile-gate"));
        sinks.referralCommissions(
                CheckpointGate.apply(
                                customerCounts.getSideOutput(CustomerOperator.COMMISSIONS),
                                ReferralCommission::rowKey,
                                "Referral commissions held to checkpoints",
                                "referral-commission-gate")
                        // Each row's writes and deletes to one place, latest version last.
                        .keyBy(ReferralCommission::rowKey, Types.STRING)
                        .process(new LatestCommissions(), StateTypes.REFERRAL_COMMISSION)
                        .name("Referral commissions by version")
                        .uid(LatestCommissions.UID));
        sinks.triggers(customerCounts.getSideOutput(CustomerOperator.TRIGGERS));
        sinks.lifecycleEvents(customerCounts.getSideOutput(CustomerOperator.LIFECYCLE_EVENTS));
    }

    /** Local sums of {@code what}'s deltas, chained to the operator that makes them. */
    private DataStream<MetricDelta> preAggregate(DataStream<MetricDelta> deltas, String what) {
        return deltas.transform(
                        "Pre-aggregate " + what,
                        WireTypes.METRIC_DELTA,
                        new DeltaPreAggregator(
                                config.get(PipelineOptions.PRE_AGGREGATION_INTERVAL).toMillis(),
                                config.get(PipelineOptions.PRE_AGGREGATION_MAX_ROWS)))
                .uid("pre-aggregate-" + what.replace(' ', '-'));
    }

    private DataStream<MetricRow> aggregate(
            DataStream<MetricDelta> deltas, String name, String uid) {
        return deltas.keyBy(delta -> delta.key, TypeInformation.of(MetricKey.class))
                .transform(
                        name,
                        StateTypes.METRIC_ROW,
                        new MetricAggregator(
                                config.get(PipelineOptions.SINK_FLUSH_INTERVAL).toMillis()))
                .uid(uid);
    }

    /**
     * M9: campaign_effect from the campaign_month and baseline_month rows, in one global instance
     * (a campaign's baseline spans the months it has customers in). Its rows leave once a completed
     * checkpoint holds them: a value a failed run wrote after its last checkpoint may never come
     * again in the restarted run, and nothing would overwrite it.
     */
    private static DataStream<MetricRow> campaignEffects(DataStream<MetricRow> rows) {
        SingleOutputStreamOperator<MetricRow> effects =
                rows.filter(
                                row ->
                                        row.key.table == MetricTable.CAMPAIGN_MONTH
                                                || row.key.table == MetricTable.BASELINE_MONTH)
                        .name("Campaign and baseline months")
                        .keyBy(row -> CampaignEffects.ALL, Types.STRING)
                        .process(new CampaignEffects(), StateTypes.METRIC_ROW)
                        .name("Campaign effect")
                        .uid("campaign-effect")
                        .setParallelism(1);
        return CheckpointGate.apply(
                        effects,
                        row -> row.key.value,
                        "Campaign effects held to checkpoints",
                        "campaign-effect-gate")
                .setParallelism(1)
                // Each campaign's rows to one sink writer, in order: the last one written wins.
                .keyBy(row -> row.key.value, Types.STRING);
    }
}
