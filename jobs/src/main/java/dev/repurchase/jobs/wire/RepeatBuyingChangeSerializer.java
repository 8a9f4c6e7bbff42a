package dev.repurchase.jobs.wire;

import static dev.repurchase.jobs.state.StateFormat.readInt;
import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.writeInt;
import static dev.repurchase.jobs.state.StateFormat.writeLong;

import dev.repurchase.common.predict.RepeatBuying;
import dev.repurchase.common.predict.RepeatBuyingChange;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A change of the models' sufficient data: x, t_x days, first day, repeat cents, sign. */
public final class RepeatBuyingChangeSerializer extends WireSerializer<RepeatBuyingChange> {

    private static final long serialVersionUID = 1L;
    public static final RepeatBuyingChangeSerializer INSTANCE = new RepeatBuyingChangeSerializer();

    private RepeatBuyingChangeSerializer() {}

    @Override
    public Class<RepeatBuyingChange> typeClass() {
        return RepeatBuyingChange.class;
    }

    @Override
    public RepeatBuyingChange createInstance() {
        return new RepeatBuyingChange(new RepeatBuying(0, 0, 0, 0), 1);
    }

    @Override
    public RepeatBuyingChange copy(RepeatBuyingChange from) {
        return from;
    }

    @Override
    public void serialize(RepeatBuyingChange change, DataOutputView out) throws IOException {
        RepeatBuying b = change.buying();
        writeInt(out, b.x());
        writeInt(out, b.recencyDays());
        writeLong(out, b.firstDay());
        writeLong(out, b.repeatCents());
        writeInt(out, change.sign());
    }

    @Override
    public RepeatBuyingChange deserialize(DataInputView in) throws IOException {
        return new RepeatBuyingChange(
                new RepeatBuying(readInt(in), readInt(in), readLong(in), readLong(in)),
                readInt(in));
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RepeatBuyingChange> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
