package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.jobs.ingest.OrderAlert;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * An order alert that came due (state of the order_alert gate, new in state version 3, and the
 * stream of alerts). Version 1: alert id, type, order, customer, due at, status.
 */
public final class OrderAlertSerializer extends VersionedSerializer<OrderAlert> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final OrderAlertSerializer INSTANCE = new OrderAlertSerializer(VERSION);

    private OrderAlertSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<OrderAlert> typeClass() {
        return OrderAlert.class;
    }

    @Override
    protected OrderAlertSerializer readingVersion(int version) {
        return new OrderAlertSerializer(version);
    }

    @Override
    public OrderAlert createInstance() {
        return new OrderAlert();
    }

    @Override
    protected void write(OrderAlert a, DataOutputView out) throws IOException {
        writeString(out, a.alertId);
        writeString(out, a.type);
        writeString(out, a.orderId);
        writeString(out, a.customerId);
        writeLong(out, a.dueAt);
        writeString(out, a.status);
    }

    @Override
    protected OrderAlert read(DataInputView in, int version) throws IOException {
        OrderAlert a = new OrderAlert();
        a.alertId = readString(in);
        a.type = readString(in);
        a.orderId = readString(in);
        a.customerId = readString(in);
        a.dueAt = readLong(in);
        a.status = readString(in);
        return a;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<OrderAlert> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
