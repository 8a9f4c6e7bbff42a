package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readInt;
import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeInt;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.jobs.abuse.AbuseFlag;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A change of an {@code abuse_flag} row (state of its checkpoint gate, and the stream into it;
 * state version 4). Version 1: order, campaign, customer, rule (nullable), rank, purchase time,
 * changed at, announce, device, IP and address hashes.
 */
public final class AbuseFlagSerializer extends VersionedSerializer<AbuseFlag> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final AbuseFlagSerializer INSTANCE = new AbuseFlagSerializer(VERSION);

    private AbuseFlagSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<AbuseFlag> typeClass() {
        return AbuseFlag.class;
    }

    @Override
    protected AbuseFlagSerializer readingVersion(int version) {
        return new AbuseFlagSerializer(version);
    }

    @Override
    public AbuseFlag createInstance() {
        return new AbuseFlag();
    }

    @Override
    protected void write(AbuseFlag f, DataOutputView out) throws IOException {
        writeString(out, f.orderId);
        writeString(out, f.campaignId);
        writeString(out, f.customerId);
        writeString(out, f.rule);
        writeInt(out, f.rank);
        writeLong(out, f.purchaseAt);
        writeLong(out, f.changedAt);
        out.writeBoolean(f.announce);
        writeString(out, f.deviceHash);
        writeString(out, f.ipHash);
        writeString(out, f.addressHash);
    }

    @Override
    protected AbuseFlag read(DataInputView in, int version) throws IOException {
        AbuseFlag f = new AbuseFlag();
        f.orderId = readString(in);
        f.campaignId = readString(in);
        f.customerId = readString(in);
        f.rule = readString(in);
        f.rank = readInt(in);
        f.purchaseAt = readLong(in);
        f.changedAt = readLong(in);
        f.announce = in.readBoolean();
        f.deviceHash = readString(in);
        f.ipHash = readString(in);
        f.addressHash = readString(in);
        return f;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<AbuseFlag> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
