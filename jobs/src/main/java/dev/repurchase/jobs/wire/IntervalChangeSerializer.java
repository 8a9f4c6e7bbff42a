package dev.repurchase.jobs.wire;

import static dev.repurchase.jobs.state.StateFormat.readInt;
import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeInt;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.common.customer.CategoryIntervals;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A change of a category interval, from the customer timeline to the learned cycles: category,
 * start, days, delta. Immutable records, so a copy is the record itself.
 */
public final class IntervalChangeSerializer extends WireSerializer<CategoryIntervals.Change> {

    private static final long serialVersionUID = 1L;
    public static final IntervalChangeSerializer INSTANCE = new IntervalChangeSerializer();

    private IntervalChangeSerializer() {}

    @Override
    public Class<CategoryIntervals.Change> typeClass() {
        return CategoryIntervals.Change.class;
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public CategoryIntervals.Change createInstance() {
        return new CategoryIntervals.Change(new CategoryIntervals.Interval("", 0, 0), 0);
    }

    @Override
    public CategoryIntervals.Change copy(CategoryIntervals.Change from) {
        return from;
    }

    @Override
    public void serialize(CategoryIntervals.Change change, DataOutputView out) throws IOException {
        writeString(out, change.interval().category());
        writeLong(out, change.interval().startAt());
        writeInt(out, change.interval().days());
        writeInt(out, change.delta());
    }

    @Override
    public CategoryIntervals.Change deserialize(DataInputView in) throws IOException {
        CategoryIntervals.Interval interval =
                new CategoryIntervals.Interval(readString(in), readLong(in), readInt(in));
        return new CategoryIntervals.Change(interval, readInt(in));
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot
            extends SimpleTypeSerializerSnapshot<CategoryIntervals.Change> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
