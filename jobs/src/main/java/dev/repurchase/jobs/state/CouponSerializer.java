package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.common.order.Coupon;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A customer's coupon. Version 1: coupon, customer, campaign, issued at, expires at (after issued
 * at), redeeming order.
 */
public final class CouponSerializer extends VersionedSerializer<Coupon> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final CouponSerializer INSTANCE = new CouponSerializer(VERSION);

    private CouponSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<Coupon> typeClass() {
        return Coupon.class;
    }

    @Override
    protected CouponSerializer readingVersion(int version) {
        return new CouponSerializer(version);
    }

    @Override
    public Coupon createInstance() {
        return new Coupon();
    }

    @Override
    protected void write(Coupon coupon, DataOutputView out) throws IOException {
        writeCoupon(coupon, out);
    }

    @Override
    protected Coupon read(DataInputView in, int version) throws IOException {
        return readCoupon(in);
    }

    /** Version 1 of a coupon, also within {@link CouponChangeSerializer}'s format. */
    static void writeCoupon(Coupon c, DataOutputView out) throws IOException {
        writeString(out, c.couponId);
        writeString(out, c.customerId);
        writeString(out, c.campaignId);
        writeLong(out, c.issuedAt);
        writeLong(out, c.expiresAt - c.issuedAt);
        writeString(out, c.redeemedOrderId);
    }

    static Coupon readCoupon(DataInputView in) throws IOException {
        Coupon c = new Coupon();
        c.couponId = readString(in);
        c.customerId = readString(in);
        c.campaignId = readString(in);
        c.issuedAt = readLong(in);
        c.expiresAt = c.issuedAt + readLong(in);
        c.redeemedOrderId = readString(in);
        return c;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<Coupon> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
