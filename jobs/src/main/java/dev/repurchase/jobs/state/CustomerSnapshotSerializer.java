package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readInts;
import static dev.repurchase.jobs.state.StateFormat.readLongs;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.readStrings;
import static dev.repurchase.jobs.state.StateFormat.writeInts;
import static dev.repurchase.jobs.state.StateFormat.writeLongs;
import static dev.repurchase.jobs.state.StateFormat.writeString;
import static dev.repurchase.jobs.state.StateFormat.writeStrings;

import dev.repurchase.common.lifecycle.CustomerSnapshot;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A customer's purchase sequence as the lifecycle and the coupons of state version 2 kept it (their
 * state {@code snapshot} and {@code purchases}). Savepoints name this class: the savepoint upgrade
 * ({@code SavepointUpgrade}) needs it to open those operators' state, so it keeps its name. Version
 * 1: customer, then per purchase: times (ascending, as differences), order ids, net cents, primary
 * categories, own medians, coupon ids.
 */
public final class CustomerSnapshotSerializer extends VersionedSerializer<CustomerSnapshot> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final CustomerSnapshotSerializer INSTANCE =
            new CustomerSnapshotSerializer(VERSION);

    private CustomerSnapshotSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<CustomerSnapshot> typeClass() {
        return CustomerSnapshot.class;
    }

    @Override
    protected CustomerSnapshotSerializer readingVersion(int version) {
        return new CustomerSnapshotSerializer(version);
    }

    @Override
    public CustomerSnapshot createInstance() {
        return new CustomerSnapshot();
    }

    @Override
    protected void write(CustomerSnapshot s, DataOutputView out) throws IOException {
        writeString(out, s.customerId);
        writeLongs(out, s.times);
        writeStrings(out, s.orderIds);
        writeLongs(out, s.nets);
        writeStrings(out, s.categories);
        writeInts(out, s.ownMedians);
        writeStrings(out, s.couponIds);
    }

    @Override
    protected CustomerSnapshot read(DataInputView in, int version) throws IOException {
        CustomerSnapshot s = new CustomerSnapshot();
        s.customerId = readString(in);
        s.times = readLongs(in);
        s.orderIds = readStrings(in);
        s.nets = readLongs(in);
        s.categories = readStrings(in);
        s.ownMedians = readInts(in);
        s.couponIds = readStrings(in);
        return s;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<CustomerSnapshot> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
