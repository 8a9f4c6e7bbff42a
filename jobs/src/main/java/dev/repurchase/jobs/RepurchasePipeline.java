package dev.repurchase.jobs;

import dev.repurchase.common.cdc.CdcFormat;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.metric.MetricSettings;
import dev.repurchase.common.order.OrderChange;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.common.rules.PurchaseRules;
import dev.repurchase.jobs.aggregate.MetricAggregator;
import dev.repurchase.jobs.aggregate.MetricRow;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.config.SourceMapping;
import dev.repurchase.jobs.ingest.ChangeDecoding;
import dev.repurchase.jobs.ingest.OrderVersions;
import dev.repurchase.jobs.ingest.RawChange;
import dev.repurchase.jobs.timeline.CustomerTimeline;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The job graph, from raw CDC messages to the sinks. Sources and sinks are passed in, so the
 * cluster job, the replay and the tests run the very same graph.
 *
 * <pre>
 * changes -> decode (dead letters) -> order versions (keyBy order) -> customer timeline
 *   (keyBy customer) -> metric deltas (+ exclusions) -> aggregate (keyBy row) -> sinks
 * </pre>
 */
public final class RepurchasePipeline {

    private final ReadableConfig config;

    public RepurchasePipeline(ReadableConfig config) {
        this.config = config;
    }

    public void build(DataStream<RawChange> changes, PipelineSinks sinks) {
        MetricSettings settings = MetricSettings.from(config);

        SingleOutputStreamOperator<OrderChange> decoded = decode(changes);
        sinks.deadLetters(decoded.getSideOutput(ChangeDecoding.DEAD_LETTERS));

        SingleOutputStreamOperator<PurchaseChange> purchases =
                decoded.keyBy(change -> change.orderId, Types.STRING)
                        .process(new OrderVersions(PurchaseRules.from(config), settings))
                        .name("Order versions")
                        .uid("order-versions");

        SingleOutputStreamOperator<MetricDelta> customerDeltas =
                purchases
                        .keyBy(change -> change.customerId, Types.STRING)
                        .process(new CustomerTimeline(settings))
                        .name("Customer timeline")
                        .uid("customer-timeline");
        sinks.customerProfiles(customerDeltas.getSideOutput(CustomerTimeline.PROFILES));

        DataStream<MetricDelta> deltas =
                customerDeltas.union(purchases.getSideOutput(OrderVersions.EXCLUSIONS));
        sinks.metricRows(aggregate(deltas));
    }

    private SingleOutputStreamOperator<OrderChange> decode(DataStream<RawChange> changes) {
        CdcFormat format =
                CdcFormat.valueOf(config.get(PipelineOptions.CDC_FORMAT).toUpperCase(Locale.ROOT));
        return changes.process(new ChangeDecoding(format, SourceMapping.mapper(config)))
                .name("Decode " + format.name().toLowerCase(Locale.ROOT) + " changes")
                .uid("decode-changes");
    }

    private DataStream<MetricRow> aggregate(DataStream<MetricDelta> deltas) {
        return deltas.keyBy(delta -> delta.key, TypeInformation.of(MetricKey.class))
                .transform(
                        "Aggregate metrics",
                        TypeInformation.of(MetricRow.class),
                        new MetricAggregator(
                                config.get(PipelineOptions.SINK_FLUSH_INTERVAL).toMillis()))
                .uid("aggregate-metrics");
    }
}
