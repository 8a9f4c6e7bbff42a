package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readNullableLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeNullableLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.common.referral.CustomerRow;
import dev.repurchase.common.referral.CustomerRowChange;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The latest change of a row of the customers table (state of the referral chains, and the stream
 * into them). Version 1: deleted, source position, customer id, referrer id (nullable),
 * registered_at (nullable).
 */
public final class CustomerRowChangeSerializer extends VersionedSerializer<CustomerRowChange> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final CustomerRowChangeSerializer INSTANCE =
            new CustomerRowChangeSerializer(VERSION);

    private CustomerRowChangeSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<CustomerRowChange> typeClass() {
        return CustomerRowChange.class;
    }

    @Override
    protected CustomerRowChangeSerializer readingVersion(int version) {
        return new CustomerRowChangeSerializer(version);
    }

    @Override
    public CustomerRowChange createInstance() {
        return new CustomerRowChange();
    }

    @Override
    protected void write(CustomerRowChange change, DataOutputView out) throws IOException {
        out.writeBoolean(change.deleted);
        OrderChangeSerializer.writePosition(change.position, out);
        writeString(out, change.row.customerId);
        writeString(out, change.row.referrerId);
        writeNullableLong(out, change.row.registeredAt);
    }

    @Override
    protected CustomerRowChange read(DataInputView in, int version) throws IOException {
        boolean deleted = in.readBoolean();
        var position = OrderChangeSerializer.readPosition(in);
        CustomerRow row = new CustomerRow(readString(in), readString(in), readNullableLong(in));
        return CustomerRowChange.of(row, deleted, position);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<CustomerRowChange> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
