package dev.repurchase.jobs.wire;

import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.jobs.customer.LifecycleEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A lifecycle event on its way to the topic: id, customer, stages from and to, time, reason. */
public final class LifecycleEventSerializer extends WireSerializer<LifecycleEvent> {

    private static final long serialVersionUID = 1L;
    public static final LifecycleEventSerializer INSTANCE = new LifecycleEventSerializer();

    private LifecycleEventSerializer() {}

    @Override
    public Class<LifecycleEvent> typeClass() {
        return LifecycleEvent.class;
    }

    @Override
    public LifecycleEvent createInstance() {
        return new LifecycleEvent();
    }

    @Override
    public LifecycleEvent copy(LifecycleEvent from) {
        LifecycleEvent event = new LifecycleEvent();
        event.eventId = from.eventId;
        event.customerId = from.customerId;
        event.fromStage = from.fromStage;
        event.toStage = from.toStage;
        event.at = from.at;
        event.reason = from.reason;
        return event;
    }

    @Override
    public void serialize(LifecycleEvent event, DataOutputView out) throws IOException {
        writeString(out, event.eventId);
        writeString(out, event.customerId);
        writeString(out, event.fromStage);
        writeString(out, event.toStage);
        writeLong(out, event.at);
        writeString(out, event.reason);
    }

    @Override
    public LifecycleEvent deserialize(DataInputView in) throws IOException {
        LifecycleEvent event = new LifecycleEvent();
        event.eventId = readString(in);
        event.customerId = readString(in);
        event.fromStage = readString(in);
        event.toStage = readString(in);
        event.at = readLong(in);
        event.reason = readString(in);
        return event;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LifecycleEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
