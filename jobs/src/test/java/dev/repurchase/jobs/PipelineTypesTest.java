package dev.repurchase.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.customer.ReferralCommission;
import dev.repurchase.common.lifecycle.CategoryCycle;
import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.common.predict.PredictionModel;
import dev.repurchase.jobs.abuse.AbuseFlag;
import dev.repurchase.jobs.aggregate.MetricRow;
import dev.repurchase.jobs.customer.CustomerProfile;
import dev.repurchase.jobs.customer.LifecycleEvent;
import dev.repurchase.jobs.customer.Trigger;
import dev.repurchase.jobs.ingest.DeadLetter;
import dev.repurchase.jobs.ingest.DecodedChange;
import dev.repurchase.jobs.ingest.OrderAlert;
import dev.repurchase.jobs.wire.WireTypes;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * The serializers of the job graph: records between operators travel in the project's own formats,
 * never through Flink's reflective POJO serializer, while the keys of keyed state keep theirs
 * (RocksDB compares keys in serialized form, so a key serializer must never change).
 */
class PipelineTypesTest {

    private final StreamGraph graph = graph();

    @Test
    void noRecordTravelsWithThePojoSerializer() {
        Map<String, String> pojoEdges = new TreeMap<>();
        for (StreamNode node : graph.getStreamNodes()) {
            Stream.concat(
                            Stream.of(node.getTypeSerializersIn()),
                            Stream.of(node.getTypeSerializerOut()))
                    .filter(serializer -> serializer instanceof PojoSerializer)
                    .forEach(
                            serializer ->
                                    pojoEdges.put(
                                            node.getOperatorName(),
                                            serializer.createInstance().getClass().getName()));
        }
        assertThat(pojoEdges).isEmpty();
    }

    @Test
    void keyedStateKeysAreUnchanged() {
        Map<String, String> keys = new TreeMap<>();
        for (StreamNode node : graph.getStreamNodes()) {
            TypeSerializer<?> key = node.getStateKeySerializer();
            if (key != null) {
                keys.put(node.getOperatorName(), describe(key));
            }
        }
        String string = StringSerializer.class.getSimpleName();
        String metricKey =
                PojoSerializer.class.getSimpleName() + " of " + MetricKey.class.getName();
        assertThat(keys)
                .containsEntry("Order versions", string)
                .containsEntry("Customer timeline", string)
                .containsEntry("Customer", string)
                .containsEntry("Coupon versions", string)
                .containsEntry("Campaign effect", string)
                .containsEntry("Aggregate purchase metrics", metricKey)
                .containsEntry("Aggregate lifecycle counts", metricKey);
    }

    private static String describe(TypeSerializer<?> serializer) {
        return serializer instanceof PojoSerializer
                ? PojoSerializer.class.getSimpleName()
                        + " of "
                        + serializer.createInstance().getClass().getName()
                : serializer.getClass().getSimpleName();
    }

    private static StreamGraph graph() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.getConfig().disableGenericTypes();
        DataStream<DecodedChange> changes =
                env.fromData(WireTypes.DECODED_CHANGE, new DecodedChange());
        new RepurchasePipeline(new Configuration(), Instant.EPOCH).build(changes, new Discarded());
        return env.getStreamGraph(false);
    }

    private static final class Discarded implements PipelineSinks {
        @Override
        public void metricRows(DataStream<MetricRow> rows) {
            rows.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void customerProfiles(DataStream<CustomerProfile> profiles) {
            profiles.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void learnedCycles(DataStream<CategoryCycle> cycles) {
            cycles.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void predictionModels(DataStream<PredictionModel> models) {
            models.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void triggers(DataStream<Trigger> triggers) {
            triggers.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void lifecycleEvents(DataStream<LifecycleEvent> events) {
            events.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void deadLetters(DataStream<DeadLetter> deadLetters) {
            deadLetters.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void lateChanges(DataStream<DeadLetter> reports) {
            reports.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void orderAlerts(DataStream<OrderAlert> alerts) {
            alerts.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void abuseFlags(DataStream<AbuseFlag> flags) {
            flags.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void referralCommissions(DataStream<ReferralCommission> commissions) {
            commissions.sinkTo(new DiscardingSink<>());
        }
    }
}
