package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.common.order.CouponChange;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The latest change of a coupon (state of the coupon versions, and the stream into it). Version 1:
 * coupon id, deleted, source position, then the coupon if any ({@link CouponSerializer} version 1).
 */
public final class CouponChangeSerializer extends VersionedSerializer<CouponChange> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final CouponChangeSerializer INSTANCE = new CouponChangeSerializer(VERSION);

    private CouponChangeSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<CouponChange> typeClass() {
        return CouponChange.class;
    }

    @Override
    protected CouponChangeSerializer readingVersion(int version) {
        return new CouponChangeSerializer(version);
    }

    @Override
    public CouponChange createInstance() {
        return new CouponChange();
    }

    @Override
    protected void write(CouponChange change, DataOutputView out) throws IOException {
        writeString(out, change.couponId);
        out.writeBoolean(change.deleted);
        OrderChangeSerializer.writePosition(change.position, out);
        out.writeBoolean(change.coupon != null);
        if (change.coupon != null) {
            CouponSerializer.writeCoupon(change.coupon, out);
        }
    }

    @Override
    protected CouponChange read(DataInputView in, int version) throws IOException {
        CouponChange change = new CouponChange();
        change.couponId = readString(in);
        change.deleted = in.readBoolean();
        change.position = OrderChangeSerializer.readPosition(in);
        change.coupon = in.readBoolean() ? CouponSerializer.readCoupon(in) : null;
        return change;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<CouponChange> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
