package dev.repurchase.jobs.wire;

import static dev.repurchase.jobs.state.StateFormat.readInt;
import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeInt;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.jobs.ingest.DeadLetter;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A dead letter on its way to the topic: topic, partition, offset, reason, excerpt. */
public final class DeadLetterSerializer extends WireSerializer<DeadLetter> {

    private static final long serialVersionUID = 1L;
    public static final DeadLetterSerializer INSTANCE = new DeadLetterSerializer();

    private DeadLetterSerializer() {}

    @Override
    public Class<DeadLetter> typeClass() {
        return DeadLetter.class;
    }

    @Override
    public DeadLetter createInstance() {
        return new DeadLetter();
    }

    @Override
    public DeadLetter copy(DeadLetter from) {
        return new DeadLetter(from.topic, from.partition, from.offset, from.reason, from.excerpt);
    }

    @Override
    public void serialize(DeadLetter letter, DataOutputView out) throws IOException {
        writeString(out, letter.topic);
        writeInt(out, letter.partition);
        writeLong(out, letter.offset);
        writeString(out, letter.reason);
        writeString(out, letter.excerpt);
    }

    @Override
    public DeadLetter deserialize(DataInputView in) throws IOException {
        return new DeadLetter(
                readString(in), readInt(in), readLong(in), readString(in), readString(in));
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DeadLetter> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
