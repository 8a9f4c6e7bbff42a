package dev.repurchase.jobs.wire;

import dev.repurchase.common.customer.CustomerChange;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A change reaching the customer operator: a flag, then the purchase change or the coupon update in
 * its own wire format.
 */
public final class CustomerChangeSerializer extends WireSerializer<CustomerChange> {

    private static final long serialVersionUID = 1L;
    public static final CustomerChangeSerializer INSTANCE = new CustomerChangeSerializer();

    private CustomerChangeSerializer() {}

    @Override
    public Class<CustomerChange> typeClass() {
        return CustomerChange.class;
    }

    @Override
    public CustomerChange createInstance() {
        return new CustomerChange();
    }

    @Override
    public CustomerChange copy(CustomerChange from) {
        return from.purchase != null
                ? CustomerChange.of(PurchaseChangeSerializer.INSTANCE.copy(from.purchase))
                : CustomerChange.of(CouponUpdateSerializer.INSTANCE.copy(from.coupon));
    }

    @Override
    public void serialize(CustomerChange change, DataOutputView out) throws IOException {
        out.writeBoolean(change.purchase != null);
        if (change.purchase != null) {
            PurchaseChangeSerializer.INSTANCE.serialize(change.purchase, out);
        } else {
            CouponUpdateSerializer.INSTANCE.serialize(change.coupon, out);
        }
    }

    @Override
    public CustomerChange deserialize(DataInputView in) throws IOException {
        return in.readBoolean()
                ? CustomerChange.of(PurchaseChangeSerializer.INSTANCE.deserialize(in))
                : CustomerChange.of(CouponUpdateSerializer.INSTANCE.deserialize(in));
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CustomerChange> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
