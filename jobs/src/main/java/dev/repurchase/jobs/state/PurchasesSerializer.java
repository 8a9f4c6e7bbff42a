package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readCount;
import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.readStrings;
import static dev.repurchase.jobs.state.StateFormat.writeCount;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;
import static dev.repurchase.jobs.state.StateFormat.writeStrings;

import dev.repurchase.common.order.Purchase;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.GenericArraySerializer;
import org.apache.flink.api.common.typeutils.base.GenericArraySerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A customer's valid purchases in sequence (state of the timeline). Version 1: the number of
 * purchases, then each: order, purchase time (as the difference to the one before), net cents,
 * categories, primary category, channel, region, campaign, coupon.
 */
public final class PurchasesSerializer extends VersionedSerializer<Purchase[]> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final PurchasesSerializer INSTANCE = new PurchasesSerializer(VERSION);

    private PurchasesSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<Purchase[]> typeClass() {
        return Purchase[].class;
    }

    @Override
    protected PurchasesSerializer readingVersion(int version) {
        return new PurchasesSerializer(version);
    }

    @Override
    public Purchase[] createInstance() {
        return new Purchase[0];
    }

    @Override
    protected void write(Purchase[] purchases, DataOutputView out) throws IOException {
        writeCount(out, purchases.length);
        long previous = 0;
        for (Purchase p : purchases) {
            writePurchase(p, previous, out);
            previous = p.purchasedAt;
        }
    }

    @Override
    protected Purchase[] read(DataInputView in, int version) throws IOException {
        Purchase[] purchases = new Purchase[readCount(in)];
        long previous = 0;
        for (int i = 0; i < purchases.length; i++) {
            purchases[i] = readPurchase(previous, in);
            previous = purchases[i].purchasedAt;
        }
        return purchases;
    }

    /**
     * Version 1 of a purchase, its time relative to {@code since}; also within {@link
     * OrderOutcomeSerializer}'s format and how a purchase change travels ({@link
     * dev.repurchase.jobs.wire.PurchaseChangeSerializer}).
     */
    public static void writePurchase(Purchase p, long since, DataOutputView out)
            throws IOException {
        writeString(out, p.orderId);
        writeLong(out, p.purchasedAt - since);
        writeLong(out, p.netCents);
        writeStrings(out, p.categories);
        writeString(out, p.primaryCategory);
        writeString(out, p.channel);
        writeString(out, p.region);
        writeString(out, p.campaignId);
        writeString(out, p.couponId);
    }

    public static Purchase readPurchase(long since, DataInputView in) throws IOException {
        Purchase p = new Purchase();
        p.orderId = readString(in);
        p.purchasedAt = since + readLong(in);
        p.netCents = readLong(in);
        p.categories = readStrings(in);
        p.primaryCategory = readString(in);
        p.channel = readString(in);
        p.region = readString(in);
        p.campaignId = readString(in);
        p.couponId = readString(in);
        return p;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<Purchase[]> {
        public Snapshot() {
            super(INSTANCE);
        }

        /** State version 0 kept the purchases as Flink's array of POJOs. */
        @Override
        protected boolean isPreviousSerializer(TypeSerializerSnapshot<Purchase[]> oldSnapshot) {
            return oldSnapshot instanceof GenericArraySerializerSnapshot
                    && ((GenericArraySerializer<Purchase>)
                                            (TypeSerializer<?>) oldSnapshot.restoreSerializer())
                                    .getComponentClass()
                            == Purchase.class;
        }
    }
}
