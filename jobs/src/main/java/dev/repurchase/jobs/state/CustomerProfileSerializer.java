package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readNullableInt;
import static dev.repurchase.jobs.state.StateFormat.readNullableLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeNullableInt;
import static dev.repurchase.jobs.state.StateFormat.writeNullableLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.jobs.customer.CustomerProfile;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A customer_profile row (state of the profile's checkpoint gate, and the stream into it). Version
 * 1: customer, first and last purchase, purchases, net cents, expected next purchase, stage, R, F,
 * M, segment. Version 2 (state version 3): then habitual hour and weekday.
 */
public final class CustomerProfileSerializer extends VersionedSerializer<CustomerProfile> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 2;
    public static final CustomerProfileSerializer INSTANCE = new CustomerProfileSerializer(VERSION);

    private CustomerProfileSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<CustomerProfile> typeClass() {
        return CustomerProfile.class;
    }

    @Override
    protected CustomerProfileSerializer readingVersion(int version) {
        return new CustomerProfileSerializer(version);
    }

    @Override
    public CustomerProfile createInstance() {
        return new CustomerProfile();
    }

    @Override
    protected void write(CustomerProfile p, DataOutputView out) throws IOException {
        writeString(out, p.customerId);
        writeNullableLong(out, p.firstPurchaseAt);
        writeNullableLong(out, p.lastPurchaseAt);
        writeLong(out, p.purchases);
        writeLong(out, p.netCents);
        writeNullableLong(out, p.expectedNextPurchaseAt);
        writeString(out, p.lifecycleStage);
        writeNullableInt(out, p.rfmR);
        writeNullableInt(out, p.rfmF);
        writeNullableInt(out, p.rfmM);
        writeString(out, p.segment);
        writeNullableInt(out, p.habitualHour);
        writeNullableInt(out, p.habitualWeekday);
    }

    @Override
    protected CustomerProfile read(DataInputView in, int version) throws IOException {
        CustomerProfile p = new CustomerProfile();
        p.customerId = readString(in);
        p.firstPurchaseAt = readNullableLong(in);
        p.lastPurchaseAt = readNullableLong(in);
        p.purchases = readLong(in);
        p.netCents = readLong(in);
        p.expectedNextPurchaseAt = readNullableLong(in);
        p.lifecycleStage = readString(in);
        p.rfmR = readNullableInt(in);
        p.rfmF = readNullableInt(in);
        p.rfmM = readNullableInt(in);
        p.segment = readString(in);
        if (version >= 2) {
            p.habitualHour = readNullableInt(in);
            p.habitualWeekday = readNullableInt(in);
        }
        return p;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<CustomerProfile> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
