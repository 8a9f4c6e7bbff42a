package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readInt;
import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeInt;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.common.lifecycle.CategoryCycle;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A learned category cycle (broadcast state of the lifecycle). Version 1: category, intervals,
 * median days.
 */
public final class CategoryCycleSerializer extends VersionedSerializer<CategoryCycle> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final CategoryCycleSerializer INSTANCE = new CategoryCycleSerializer(VERSION);

    private CategoryCycleSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<CategoryCycle> typeClass() {
        return CategoryCycle.class;
    }

    @Override
    protected CategoryCycleSerializer readingVersion(int version) {
        return new CategoryCycleSerializer(version);
    }

    @Override
    public CategoryCycle createInstance() {
        return new CategoryCycle();
    }

    @Override
    protected void write(CategoryCycle cycle, DataOutputView out) throws IOException {
        writeString(out, cycle.category);
        writeLong(out, cycle.intervals);
        writeInt(out, cycle.medianDays);
    }

    @Override
    protected CategoryCycle read(DataInputView in, int version) throws IOException {
        return new CategoryCycle(readString(in), readLong(in), readInt(in));
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<CategoryCycle> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
