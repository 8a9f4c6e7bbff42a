package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readCount;
import static dev.repurchase.jobs.state.StateFormat.readNullableLong;
import static dev.repurchase.jobs.state.StateFormat.readNullableTime;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeCount;
import static dev.repurchase.jobs.state.StateFormat.writeNullableLong;
import static dev.repurchase.jobs.state.StateFormat.writeNullableTime;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.jobs.ingest.OrderAlerts;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the order versions keep of an order for its alerts: state {@code order-alerts} in state
 * versions 3 and 4, read since only to migrate it; since state version 5 within the order's record
 * ({@link OrderRecordSerializer}). Version 1: whether a settled version is held and if so the
 * version, the number of waiting versions and each version, the timer (nullable long). A version:
 * its source position ({@link OrderChangeSerializer#writePosition}), the customer, the number of
 * alert types, and per type (by ordinal) the due time as a nullable difference to the commit time,
 * then the bits of the alerts it calls for.
 */
public final class OrderAlertsSerializer extends VersionedSerializer<OrderAlerts> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final OrderAlertsSerializer INSTANCE = new OrderAlertsSerializer(VERSION);

    private OrderAlertsSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<OrderAlerts> typeClass() {
        return OrderAlerts.class;
    }

    @Override
    protected OrderAlertsSerializer readingVersion(int version) {
        return new OrderAlertsSerializer(version);
    }

    @Override
    public OrderAlerts createInstance() {
        return new OrderAlerts();
    }

    @Override
    protected void write(OrderAlerts alerts, DataOutputView out) throws IOException {
        writeAlerts(alerts, out);
    }

    @Override
    protected OrderAlerts read(DataInputView in, int version) throws IOException {
        return readAlerts(in);
    }

    /** Version 1 of the alerts; also within {@link OrderRecordSerializer}'s format, version 3. */
    public static void writeAlerts(OrderAlerts alerts, DataOutputView out) throws IOException {
        out.writeBoolean(alerts.settled != null);
        if (alerts.settled != null) {
            writeStep(alerts.settled, out);
        }
        writeCount(out, alerts.pending.size());
        for (OrderAlerts.Step step : alerts.pending) {
            writeStep(step, out);
        }
        writeNullableLong(out, alerts.timer);
    }

    public static OrderAlerts readAlerts(DataInputView in) throws IOException {
        OrderAlerts alerts = new OrderAlerts();
        alerts.settled = in.readBoolean() ? readStep(in) : null;
        for (int i = readCount(in); i > 0; i--) {
            alerts.pending.add(readStep(in));
        }
        alerts.timer = readNullableLong(in);
        return alerts;
    }

    private static void writeStep(OrderAlerts.Step step, DataOutputView out) throws IOException {
        OrderChangeSerializer.writePosition(step.position, out);
        writeString(out, step.customerId);
        long commit = step.position.commitMillis;
        writeCount(out, step.dueAt.length);
        for (long due : step.dueAt) {
            writeNullableTime(out, commit, due == OrderAlerts.NONE ? null : due);
        }
        writeCount(out, step.calledFor);
    }

    private static OrderAlerts.Step readStep(DataInputView in) throws IOException {
        OrderAlerts.Step step = new OrderAlerts.Step();
        step.position = OrderChangeSerializer.readPosition(in);
        step.customerId = readString(in);
        long commit = step.position.commitMillis;
        step.dueAt = new long[readCount(in)];
        for (int i = 0; i < step.dueAt.length; i++) {
            Long due = readNullableTime(in, commit);
            step.dueAt[i] = due == null ? OrderAlerts.NONE : due;
        }
        step.calledFor = readCount(in);
        return step;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<OrderAlerts> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
