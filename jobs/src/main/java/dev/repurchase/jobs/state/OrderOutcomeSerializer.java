package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.jobs.ingest.OrderOutcome;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What an order last counted as (state of the order versions). Version 1: customer, the purchase if
 * any ({@link PurchasesSerializer}'s purchase, version 1), exclusion reason, time and cents.
 */
public final class OrderOutcomeSerializer extends VersionedSerializer<OrderOutcome> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final OrderOutcomeSerializer INSTANCE = new OrderOutcomeSerializer(VERSION);

    private OrderOutcomeSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<OrderOutcome> typeClass() {
        return OrderOutcome.class;
    }

    @Override
    protected OrderOutcomeSerializer readingVersion(int version) {
        return new OrderOutcomeSerializer(version);
    }

    @Override
    public OrderOutcome createInstance() {
        return new OrderOutcome();
    }

    @Override
    protected void write(OrderOutcome o, DataOutputView out) throws IOException {
        writeOutcome(o, out);
    }

    @Override
    protected OrderOutcome read(DataInputView in, int version) throws IOException {
        return readOutcome(in);
    }

    /** Version 1 of an outcome; also within {@link OrderRecordSerializer}'s format. */
    public static void writeOutcome(OrderOutcome o, DataOutputView out) throws IOException {
        writeString(out, o.customerId);
        out.writeBoolean(o.purchase != null);
        if (o.purchase != null) {
            PurchasesSerializer.writePurchase(o.purchase, 0, out);
        }
        writeString(out, o.exclusionReason);
        writeLong(out, o.exclusionTime);
        writeLong(out, o.exclusionCents);
    }

    public static OrderOutcome readOutcome(DataInputView in) throws IOException {
        OrderOutcome o = new OrderOutcome();
        o.customerId = readString(in);
        o.purchase = in.readBoolean() ? PurchasesSerializer.readPurchase(0, in) : null;
        o.exclusionReason = readString(in);
        o.exclusionTime = readLong(in);
        o.exclusionCents = readLong(in);
        return o;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<OrderOutcome> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
