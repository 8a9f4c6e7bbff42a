package dev.repurchase.jobs.wire;

import dev.repurchase.jobs.ingest.DecodedChange;
import dev.repurchase.jobs.state.CouponChangeSerializer;
import dev.repurchase.jobs.state.CustomerRowChangeSerializer;
import dev.repurchase.jobs.state.OrderChangeSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the source decoded, to the dead-letter routing: the order change, the coupon change, the
 * customers row change and the dead letter, each present or not, in the formats of their own
 * serializers.
 */
public final class DecodedChangeSerializer extends WireSerializer<DecodedChange> {

    private static final long serialVersionUID = 1L;
    public static final DecodedChangeSerializer INSTANCE = new DecodedChangeSerializer();

    private DecodedChangeSerializer() {}

    @Override
    public Class<DecodedChange> typeClass() {
        return DecodedChange.class;
    }

    @Override
    public DecodedChange createInstance() {
        return new DecodedChange();
    }

    @Override
    public DecodedChange copy(DecodedChange from) {
        DecodedChange decoded = new DecodedChange();
        decoded.change = copy(OrderChangeSerializer.INSTANCE, from.change);
        decoded.coupon = copy(CouponChangeSerializer.INSTANCE, from.coupon);
        decoded.customer = copy(CustomerRowChangeSerializer.INSTANCE, from.customer);
        decoded.deadLetter = copy(DeadLetterSerializer.INSTANCE, from.deadLetter);
        return decoded;
    }

    @Override
    public void serialize(DecodedChange decoded, DataOutputView out) throws IOException {
        write(OrderChangeSerializer.INSTANCE, decoded.change, out);
        write(CouponChangeSerializer.INSTANCE, decoded.coupon, out);
        write(CustomerRowChangeSerializer.INSTANCE, decoded.customer, out);
        write(DeadLetterSerializer.INSTANCE, decoded.deadLetter, out);
    }

    @Override
    public DecodedChange deserialize(DataInputView in) throws IOException {
        DecodedChange decoded = new DecodedChange();
        decoded.change = read(OrderChangeSerializer.INSTANCE, in);
        decoded.coupon = read(CouponChangeSerializer.INSTANCE, in);
        decoded.customer = read(CustomerRowChangeSerializer.INSTANCE, in);
        decoded.deadLetter = read(DeadLetterSerializer.INSTANCE, in);
        return decoded;
    }

    private static <T> T copy(TypeSerializer<T> serializer, T value) {
        return value == null ? null : serializer.copy(value);
    }

    private static <T> void write(TypeSerializer<T> serializer, T value, DataOutputView out)
            throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            serializer.serialize(value, out);
        }
    }

    private static <T> T read(TypeSerializer<T> serializer, DataInputView in) throws IOException {
        return in.readBoolean() ? serializer.deserialize(in) : null;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DecodedChange> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
