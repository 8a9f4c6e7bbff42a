package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.jobs.abuse.FlashSaleOrder;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the order versions tell the flash-sale abuse ranking of an order, and what the ranking holds
 * of it (state version 4). Version 1: campaign, order, customer, purchase time, total cents, the
 * device, IP and address hashes, ranked, whether an outcome follows, and if so the outcome ({@link
 * OrderOutcomeSerializer#writeOutcome}).
 */
public final class FlashSaleOrderSerializer extends VersionedSerializer<FlashSaleOrder> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final FlashSaleOrderSerializer INSTANCE = new FlashSaleOrderSerializer(VERSION);

    private FlashSaleOrderSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<FlashSaleOrder> typeClass() {
        return FlashSaleOrder.class;
    }

    @Override
    protected FlashSaleOrderSerializer readingVersion(int version) {
        return new FlashSaleOrderSerializer(version);
    }

    @Override
    public FlashSaleOrder createInstance() {
        return new FlashSaleOrder();
    }

    @Override
    protected void write(FlashSaleOrder o, DataOutputView out) throws IOException {
        writeOrder(o, out);
    }

    @Override
    protected FlashSaleOrder read(DataInputView in, int version) throws IOException {
        return readOrder(in);
    }

    /** Version 1 of the order; also within {@link FlashSaleEntrySerializer}'s format. */
    static void writeOrder(FlashSaleOrder o, DataOutputView out) throws IOException {
        writeString(out, o.campaignId);
        writeString(out, o.orderId);
        writeString(out, o.customerId);
        writeLong(out, o.purchaseAt);
        writeLong(out, o.totalCents);
        writeString(out, o.deviceHash);
        writeString(out, o.ipHash);
        writeString(out, o.addressHash);
        out.writeBoolean(o.ranked);
        out.writeBoolean(o.outcome != null);
        if (o.outcome != null) {
            OrderOutcomeSerializer.writeOutcome(o.outcome, out);
        }
    }

    static FlashSaleOrder readOrder(DataInputView in) throws IOException {
        FlashSaleOrder o = new FlashSaleOrder();
        o.campaignId = readString(in);
        o.orderId = readString(in);
        o.customerId = readString(in);
        o.purchaseAt = readLong(in);
        o.totalCents = readLong(in);
        o.deviceHash = readString(in);
        o.ipHash = readString(in);
        o.addressHash = readString(in);
        o.ranked = in.readBoolean();
        o.outcome = in.readBoolean() ? OrderOutcomeSerializer.readOutcome(in) : null;
        return o;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<FlashSaleOrder> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
