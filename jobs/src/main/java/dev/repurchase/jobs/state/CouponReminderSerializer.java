package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readLongs;
import static dev.repurchase.jobs.state.StateFormat.readStrings;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeLongs;
import static dev.repurchase.jobs.state.StateFormat.writeStrings;

import dev.repurchase.jobs.customer.CouponReminder;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The COUPON_EXPIRING plan of one coupon. Version 1: per version of the coupon from, due at,
 * expires at (each as differences), campaign ids; then handled up to.
 */
public final class CouponReminderSerializer extends VersionedSerializer<CouponReminder> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final CouponReminderSerializer INSTANCE = new CouponReminderSerializer(VERSION);

    private CouponReminderSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<CouponReminder> typeClass() {
        return CouponReminder.class;
    }

    @Override
    protected CouponReminderSerializer readingVersion(int version) {
        return new CouponReminderSerializer(version);
    }

    @Override
    public CouponReminder createInstance() {
        return new CouponReminder();
    }

    @Override
    protected void write(CouponReminder r, DataOutputView out) throws IOException {
        writeLongs(out, r.from);
        writeLongs(out, r.dueAt);
        writeLongs(out, r.expiresAt);
        writeStrings(out, r.campaignIds);
        writeLong(out, r.handledUpTo);
    }

    @Override
    protected CouponReminder read(DataInputView in, int version) throws IOException {
        CouponReminder r = new CouponReminder();
        r.from = readLongs(in);
        r.dueAt = readLongs(in);
        r.expiresAt = readLongs(in);
        r.campaignIds = readStrings(in);
        r.handledUpTo = readLong(in);
        return r;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<CouponReminder> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
