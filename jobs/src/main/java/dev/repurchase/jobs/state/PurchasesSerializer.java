package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readCount;
import static dev.repurchase.jobs.state.StateFormat.readId;
import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.readStrings;
import static dev.repurchase.jobs.state.StateFormat.readTime;
import static dev.repurchase.jobs.state.StateFormat.writeCount;
import static dev.repurchase.jobs.state.StateFormat.writeId;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;
import static dev.repurchase.jobs.state.StateFormat.writeStrings;
import static dev.repurchase.jobs.state.StateFormat.writeTime;

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
 * categories, primary category, channel, region, campaign, coupon. Version 2 (state version 5)
 * writes the same fields, compact ({@link #writeCompact}): the order as an id ({@link
 * StateFormat#writeId}), the time with {@link StateFormat#writeTime}, the strings through one
 * {@link StringTable} for the array, and the primary category as its place among the categories.
 */
public final class PurchasesSerializer extends VersionedSerializer<Purchase[]> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 2;
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
        StringTable strings = new StringTable();
        long previous = 0;
        for (Purchase p : purchases) {
            writeCompact(p, previous, strings, out);
            previous = p.purchasedAt;
        }
    }

    @Override
    protected Purchase[] read(DataInputView in, int version) throws IOException {
        Purchase[] purchases = new Purchase[readCount(in)];
        StringTable strings = new StringTable();
        long previous = 0;
        for (int i = 0; i < purchases.length; i++) {
            purchases[i] =
                    version == 1 ? readPurchase(previous, in) : readCompact(previous, strings, in);
            previous = purchases[i].purchasedAt;
        }
        return purchases;
    }

    /**
     * Version 2 of a purchase, its time relative to {@code since}, its strings in {@code strings}:
     * the primary category is 0 for none, i + 1 for the i-th category, or the number of categories
     * plus one, followed by the string.
     */
    private static void writeCompact(
            Purchase p, long since, StringTable strings, DataOutputView out) throws IOException {
        writeId(out, p.orderId);
        writeTime(out, since, p.purchasedAt);
        writeLong(out, p.netCents);
        String[] categories = p.categories;
        writeCount(out, categories == null ? 0 : categories.length + 1);
        int n = categories == null ? 0 : categories.length;
        for (int i = 0; i < n; i++) {
            strings.write(out, categories[i]);
        }
        int primary = p.primaryCategory == null ? -1 : indexOf(categories, p.primaryCategory);
        writeCount(out, p.primaryCategory == null ? 0 : primary >= 0 ? primary + 1 : n + 1);
        if (p.primaryCategory != null && primary < 0) {
            strings.write(out, p.primaryCategory);
        }
        strings.write(out, p.channel);
        strings.write(out, p.region);
        strings.write(out, p.campaignId);
        strings.write(out, p.couponId);
    }

    private static Purchase readCompact(long since, StringTable strings, DataInputView in)
            throws IOException {
        Purchase p = new Purchase();
        p.orderId = readId(in);
        p.purchasedAt = readTime(in, since);
        p.netCents = readLong(in);
        int n = readCount(in) - 1;
        if (n >= 0) {
            p.categories = new String[n];
            for (int i = 0; i < n; i++) {
                p.categories[i] = strings.read(in);
            }
        }
        int primary = readCount(in);
        int categories = Math.max(n, 0);
        p.primaryCategory =
                primary == 0
                        ? null
                        : primary <= categories ? p.categories[primary - 1] : strings.read(in);
        p.channel = strings.read(in);
        p.region = strings.read(in);
        p.campaignId = strings.read(in);
        p.couponId = strings.read(in);
        return p;
    }

    private static int indexOf(String[] values, String value) {
        for (int i = 0; values != null && i < values.length; i++) {
            if (value.equals(values[i])) {
                return i;
            }
        }
        return -1;
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
