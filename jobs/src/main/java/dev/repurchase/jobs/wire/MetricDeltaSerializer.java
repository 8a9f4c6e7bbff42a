package dev.repurchase.jobs.wire;

import static dev.repurchase.jobs.state.StateFormat.readInt;
import static dev.repurchase.jobs.state.StateFormat.readLongs;
import static dev.repurchase.jobs.state.StateFormat.writeInt;
import static dev.repurchase.jobs.state.StateFormat.writeLongs;

import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.jobs.state.MetricRowSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A metric delta between operators: its key as a metric row writes it, the bucket, the amounts.
 * Only how a delta travels: where {@link MetricKey} is a keyed-state key (the aggregators, campaign
 * effects) it keeps Flink's POJO serializer, as RocksDB compares keys in their serialized form.
 */
public final class MetricDeltaSerializer extends WireSerializer<MetricDelta> {

    private static final long serialVersionUID = 1L;
    public static final MetricDeltaSerializer INSTANCE = new MetricDeltaSerializer();

    private MetricDeltaSerializer() {}

    @Override
    public Class<MetricDelta> typeClass() {
        return MetricDelta.class;
    }

    @Override
    public MetricDelta createInstance() {
        return new MetricDelta();
    }

    @Override
    public MetricDelta copy(MetricDelta from) {
        return new MetricDelta(
                copy(from.key), from.bucket, from.values == null ? null : from.values.clone());
    }

    private static MetricKey copy(MetricKey from) {
        if (from == null) {
            return null;
        }
        MetricKey key = new MetricKey();
        key.table = from.table;
        key.periodType = from.periodType;
        key.periodStart = from.periodStart;
        key.dimension = from.dimension;
        key.value = from.value;
        key.offset = from.offset;
        return key;
    }

    @Override
    public void serialize(MetricDelta delta, DataOutputView out) throws IOException {
        MetricRowSerializer.writeKey(delta.key, out);
        writeInt(out, delta.bucket);
        writeLongs(out, delta.values);
    }

    @Override
    public MetricDelta deserialize(DataInputView in) throws IOException {
        return new MetricDelta(MetricRowSerializer.readKey(in), readInt(in), readLongs(in));
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<MetricDelta> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
