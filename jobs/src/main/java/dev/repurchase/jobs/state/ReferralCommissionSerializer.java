package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readInt;
import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeInt;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.common.customer.ReferralCommission;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A row of referral_commission to write or delete (state of its checkpoint gate, and the stream of
 * such rows). Version 1: owed, referrer id, order id, level, customer id, purchase time, net and
 * commission cents; version 2 appends the row's version (read as unknown from version 1).
 */
public final class ReferralCommissionSerializer extends VersionedSerializer<ReferralCommission> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 2;
    public static final ReferralCommissionSerializer INSTANCE =
            new ReferralCommissionSerializer(VERSION);

    private ReferralCommissionSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<ReferralCommission> typeClass() {
        return ReferralCommission.class;
    }

    @Override
    protected ReferralCommissionSerializer readingVersion(int version) {
        return new ReferralCommissionSerializer(version);
    }

    @Override
    public ReferralCommission createInstance() {
        return new ReferralCommission();
    }

    @Override
    protected void write(ReferralCommission c, DataOutputView out) throws IOException {
        out.writeBoolean(c.owed);
        writeString(out, c.referrerId);
        writeString(out, c.orderId);
        writeInt(out, c.level);
        writeString(out, c.customerId);
        writeLong(out, c.purchaseAt);
        writeLong(out, c.netCents);
        writeLong(out, c.commissionCents);
        writeLong(out, c.version);
    }

    @Override
    protected ReferralCommission read(DataInputView in, int version) throws IOException {
        boolean owed = in.readBoolean();
        ReferralCommission c =
                new ReferralCommission(
                        readString(in),
                        readString(in),
                        readInt(in),
                        readString(in),
                        readLong(in),
                        readLong(in),
                        readLong(in));
        c.owed = owed;
        if (version >= 2) {
            c.version = readLong(in);
        }
        return c;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<ReferralCommission> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
