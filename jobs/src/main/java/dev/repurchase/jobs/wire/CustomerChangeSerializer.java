package dev.repurchase.jobs.wire;

import dev.repurchase.common.customer.CustomerChange;
import dev.repurchase.common.customer.ReferralUpdate;
import dev.repurchase.jobs.state.CustomerStateSerializer;
import dev.repurchase.jobs.state.StateFormat;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A change reaching the customer operator: a tag byte, then the purchase change, the coupon update
 * or the referral update in its own wire format.
 */
public final class CustomerChangeSerializer extends WireSerializer<CustomerChange> {

    private static final long serialVersionUID = 1L;
    public static final CustomerChangeSerializer INSTANCE = new CustomerChangeSerializer();

    private static final int PURCHASE = 0;
    private static final int COUPON = 1;
    private static final int REFERRAL = 2;

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
        if (from.purchase != null) {
            return CustomerChange.of(PurchaseChangeSerializer.INSTANCE.copy(from.purchase));
        }
        if (from.coupon != null) {
            return CustomerChange.of(CouponUpdateSerializer.INSTANCE.copy(from.coupon));
        }
        // Immutable.
        return CustomerChange.of(from.referral);
    }

    @Override
    public void serialize(CustomerChange change, DataOutputView out) throws IOException {
        if (change.purchase != null) {
            out.writeByte(PURCHASE);
            PurchaseChangeSerializer.INSTANCE.serialize(change.purchase, out);
        } else if (change.coupon != null) {
            out.writeByte(COUPON);
            CouponUpdateSerializer.INSTANCE.serialize(change.coupon, out);
        } else {
            out.writeByte(REFERRAL);
            StateFormat.writeString(out, change.referral.customerId());
            CustomerStateSerializer.writeReferral(change.referral.referral(), out);
        }
    }

    @Override
    public CustomerChange deserialize(DataInputView in) throws IOException {
        int tag = in.readByte();
        switch (tag) {
            case PURCHASE:
                return CustomerChange.of(PurchaseChangeSerializer.INSTANCE.deserialize(in));
            case COUPON:
                return CustomerChange.of(CouponUpdateSerializer.INSTANCE.deserialize(in));
            case REFERRAL:
                String customerId = StateFormat.readString(in);
                return CustomerChange.of(
                        new ReferralUpdate(customerId, CustomerStateSerializer.readReferral(in)));
            default:
                throw new IOException("unknown customer change tag " + tag);
        }
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
