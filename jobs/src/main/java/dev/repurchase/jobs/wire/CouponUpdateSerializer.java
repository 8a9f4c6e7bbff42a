package dev.repurchase.jobs.wire;

import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.common.cdc.SourcePosition;
import dev.repurchase.common.order.CouponUpdate;
import dev.repurchase.jobs.state.CouponSerializer;
import dev.repurchase.jobs.state.OrderChangeSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A coupon update from the coupon versions to the customer's coupons: customer, coupon id, source
 * position, and the coupon (if any) as the coupons' state writes one.
 */
public final class CouponUpdateSerializer extends WireSerializer<CouponUpdate> {

    private static final long serialVersionUID = 1L;
    public static final CouponUpdateSerializer INSTANCE = new CouponUpdateSerializer();

    private CouponUpdateSerializer() {}

    @Override
    public Class<CouponUpdate> typeClass() {
        return CouponUpdate.class;
    }

    @Override
    public CouponUpdate createInstance() {
        return new CouponUpdate();
    }

    @Override
    public CouponUpdate copy(CouponUpdate from) {
        CouponUpdate update = new CouponUpdate();
        update.customerId = from.customerId;
        update.couponId = from.couponId;
        SourcePosition p = from.position;
        update.position =
                p == null ? null : new SourcePosition(p.commitMillis, p.logPosition, p.rowIndex);
        update.coupon = from.coupon == null ? null : CouponSerializer.INSTANCE.copy(from.coupon);
        return update;
    }

    @Override
    public void serialize(CouponUpdate update, DataOutputView out) throws IOException {
        writeString(out, update.customerId);
        writeString(out, update.couponId);
        OrderChangeSerializer.writePosition(update.position, out);
        out.writeBoolean(update.coupon != null);
        if (update.coupon != null) {
            CouponSerializer.INSTANCE.serialize(update.coupon, out);
        }
    }

    @Override
    public CouponUpdate deserialize(DataInputView in) throws IOException {
        CouponUpdate update = new CouponUpdate();
        update.customerId = readString(in);
        update.couponId = readString(in);
        update.position = OrderChangeSerializer.readPosition(in);
        update.coupon = in.readBoolean() ? CouponSerializer.INSTANCE.deserialize(in) : null;
        return update;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CouponUpdate> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
