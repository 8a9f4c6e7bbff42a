package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readNullableTime;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeNullableTime;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.jobs.customer.Trigger;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A trigger that came due (state of the trigger_log gate, and the stream of triggers). Version 1:
 * trigger id, type, customer, due at, last purchase at, expected at (both as differences to due
 * at), category, segment, reason, status, coupon, campaign, expires at (after due at).
 */
public final class TriggerSerializer extends VersionedSerializer<Trigger> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final TriggerSerializer INSTANCE = new TriggerSerializer(VERSION);

    private TriggerSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<Trigger> typeClass() {
        return Trigger.class;
    }

    @Override
    protected TriggerSerializer readingVersion(int version) {
        return new TriggerSerializer(version);
    }

    @Override
    public Trigger createInstance() {
        return new Trigger();
    }

    @Override
    protected void write(Trigger t, DataOutputView out) throws IOException {
        writeString(out, t.triggerId);
        writeString(out, t.type);
        writeString(out, t.customerId);
        writeLong(out, t.dueAt);
        writeNullableTime(out, t.dueAt, t.lastPurchaseAt);
        writeNullableTime(out, t.dueAt, t.expectedAt);
        writeString(out, t.category);
        writeString(out, t.segment);
        writeString(out, t.reason);
        writeString(out, t.status);
        writeString(out, t.couponId);
        writeString(out, t.campaignId);
        writeNullableTime(out, t.dueAt, t.expiresAt);
    }

    @Override
    protected Trigger read(DataInputView in, int version) throws IOException {
        Trigger t = new Trigger();
        t.triggerId = readString(in);
        t.type = readString(in);
        t.customerId = readString(in);
        t.dueAt = readLong(in);
        t.lastPurchaseAt = readNullableTime(in, t.dueAt);
        t.expectedAt = readNullableTime(in, t.dueAt);
        t.category = readString(in);
        t.segment = readString(in);
        t.reason = readString(in);
        t.status = readString(in);
        t.couponId = readString(in);
        t.campaignId = readString(in);
        t.expiresAt = readNullableTime(in, t.dueAt);
        return t;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<Trigger> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
