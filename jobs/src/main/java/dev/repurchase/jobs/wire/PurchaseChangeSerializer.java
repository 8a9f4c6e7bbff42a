package dev.repurchase.jobs.wire;

import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.common.order.Purchase;
import dev.repurchase.common.order.PurchaseChange;
import dev.repurchase.jobs.state.PurchasesSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A purchase change from the order versions to the customer timeline: customer, order, and the
 * purchase (if any) as the timeline's state writes one, its time absolute; then whether it is a
 * correction of the lines, and if so their primary category and bulk flag.
 */
public final class PurchaseChangeSerializer extends WireSerializer<PurchaseChange> {

    private static final long serialVersionUID = 1L;
    public static final PurchaseChangeSerializer INSTANCE = new PurchaseChangeSerializer();

    private PurchaseChangeSerializer() {}

    @Override
    public Class<PurchaseChange> typeClass() {
        return PurchaseChange.class;
    }

    @Override
    public PurchaseChange createInstance() {
        return new PurchaseChange();
    }

    @Override
    public PurchaseChange copy(PurchaseChange from) {
        PurchaseChange change = new PurchaseChange();
        change.customerId = from.customerId;
        change.orderId = from.orderId;
        change.purchase = from.purchase == null ? null : copy(from.purchase);
        change.linesCorrection = from.linesCorrection;
        change.primaryCategory = from.primaryCategory;
        change.excludedByLines = from.excludedByLines;
        return change;
    }

    private static Purchase copy(Purchase from) {
        Purchase p = new Purchase();
        p.orderId = from.orderId;
        p.purchasedAt = from.purchasedAt;
        p.netCents = from.netCents;
        p.categories = from.categories == null ? null : from.categories.clone();
        p.primaryCategory = from.primaryCategory;
        p.channel = from.channel;
        p.region = from.region;
        p.campaignId = from.campaignId;
        p.couponId = from.couponId;
        return p;
    }

    @Override
    public void serialize(PurchaseChange change, DataOutputView out) throws IOException {
        writeString(out, change.customerId);
        writeString(out, change.orderId);
        out.writeBoolean(change.purchase != null);
        if (change.purchase != null) {
            PurchasesSerializer.writePurchase(change.purchase, 0, out);
        }
        out.writeBoolean(change.linesCorrection);
        if (change.linesCorrection) {
            out.writeBoolean(change.primaryCategory != null);
            if (change.primaryCategory != null) {
                writeString(out, change.primaryCategory);
            }
            out.writeBoolean(change.excludedByLines);
        }
    }

    @Override
    public PurchaseChange deserialize(DataInputView in) throws IOException {
        PurchaseChange change = new PurchaseChange();
        change.customerId = readString(in);
        change.orderId = readString(in);
        change.purchase = in.readBoolean() ? PurchasesSerializer.readPurchase(0, in) : null;
        change.linesCorrection = in.readBoolean();
        if (change.linesCorrection) {
            change.primaryCategory = in.readBoolean() ? readString(in) : null;
            change.excludedByLines = in.readBoolean();
        }
        return change;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PurchaseChange> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
