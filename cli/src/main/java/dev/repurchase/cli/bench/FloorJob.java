package dev.repurchase.cli.bench;

import dev.repurchase.common.order.OrderChange;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.ingest.BoundedKafkaSource;
import dev.repurchase.jobs.ingest.CdcKafkaSource;
import dev.repurchase.jobs.ingest.CommitTimeWatermarks;
import dev.repurchase.jobs.ingest.DeadLetterRouting;
import dev.repurchase.jobs.state.StateTypes;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * The floor under the throughput of any job of this input: the pipeline's own Kafka source and
 * decoder, one shuffle by order, and one RocksDB read and one write of the order's latest version
 * per event (the least a job must do to join an order's row and line changes), with the same
 * checkpoints and nothing after it. The real job does this and everything else; what this measures
 * bounds it from above.
 */
final class FloorJob {

    private FloorJob() {}

    static void build(StreamExecutionEnvironment env, Configuration config) {
        env.getConfig().disableGenericTypes();
        env.getConfig().enableObjectReuse();
        env.fromSource(
                        new BoundedKafkaSource<>(CdcKafkaSource.create(config, true)),
                        CommitTimeWatermarks.strategy(
                                config.get(PipelineOptions.WATERMARK_OUT_OF_ORDERNESS),
                                Duration.ZERO,
                                Duration.ZERO),
                        "CDC topics")
                .process(new DeadLetterRouting(), StateTypes.ORDER_CHANGE)
                .name("Route dead letters")
                .keyBy(change -> change.orderId, Types.STRING)
                .process(new LatestVersion(), Types.BOOLEAN)
                .name("Latest order version")
                .sinkTo(new DiscardingSink<>())
                .name("Discard");
    }

    /** Reads and replaces each order's latest change; emits nothing. */
    private static final class LatestVersion
            extends KeyedProcessFunction<String, OrderChange, Boolean> {

        private transient ValueState<OrderChange> latest;

        @Override
        public void open(OpenContext openContext) {
            latest =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>("latest", StateTypes.ORDER_CHANGE));
        }

        @Override
        public void processElement(OrderChange change, Context ctx, Collector<Boolean> out)
                throws Exception {
            // The version this change replaces: read, as any merge of row and line changes must.
            latest.value();
            latest.update(change);
        }
    }
}
