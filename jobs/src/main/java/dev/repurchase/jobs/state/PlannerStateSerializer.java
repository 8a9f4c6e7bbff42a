package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readCode;
import static dev.repurchase.jobs.state.StateFormat.readInt;
import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.writeCode;
import static dev.repurchase.jobs.state.StateFormat.writeInt;
import static dev.repurchase.jobs.state.StateFormat.writeLong;

import dev.repurchase.common.lifecycle.LifecycleStage;
import dev.repurchase.common.lifecycle.Segment;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the customer lifecycle of state version 2 planned for a customer (its state {@code
 * planner}), read by the savepoint upgrade to state version 3 ({@code SavepointUpgrade}), which
 * carries it into the customer operator's state. Savepoints name this class, so it keeps its name.
 * Version 1: handled up to, stage, segment, R, F, M, monetary cents, timer.
 */
public final class PlannerStateSerializer
        extends VersionedSerializer<PlannerStateSerializer.PlannerState> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final PlannerStateSerializer INSTANCE = new PlannerStateSerializer(VERSION);

    private static final LifecycleStage[] STAGES = {
        LifecycleStage.NEW, LifecycleStage.ACTIVE, LifecycleStage.DORMANT, LifecycleStage.CHURNED
    };
    private static final Segment[] SEGMENTS = {
        Segment.HIGH_VALUE, Segment.CORE, Segment.AT_RISK, Segment.CHURNED, Segment.REGULAR
    };

    private PlannerStateSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<PlannerState> typeClass() {
        return PlannerState.class;
    }

    @Override
    protected PlannerStateSerializer readingVersion(int version) {
        return new PlannerStateSerializer(version);
    }

    @Override
    public PlannerState createInstance() {
        return new PlannerState();
    }

    @Override
    protected void write(PlannerState p, DataOutputView out) throws IOException {
        writeLong(out, p.handledUpTo);
        writeCode(out, p.stage, STAGES);
        writeCode(out, p.segment, SEGMENTS);
        writeInt(out, p.r);
        writeInt(out, p.f);
        writeInt(out, p.m);
        writeLong(out, p.monetaryCents);
        writeLong(out, p.timer);
    }

    @Override
    protected PlannerState read(DataInputView in, int version) throws IOException {
        PlannerState p = new PlannerState();
        p.handledUpTo = readLong(in);
        p.stage = readCode(in, STAGES);
        p.segment = readCode(in, SEGMENTS);
        p.r = readInt(in);
        p.f = readInt(in);
        p.m = readInt(in);
        p.monetaryCents = readLong(in);
        p.timer = readLong(in);
        return p;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    /** The lifecycle's marks of one customer, as state version 2 kept them. */
    public static final class PlannerState {
        public long handledUpTo = Long.MIN_VALUE;
        public LifecycleStage stage;
        public Segment segment;
        public int r;
        public int f;
        public int m;
        public long monetaryCents;
        public long timer = Long.MAX_VALUE;
    }

    public static final class Snapshot extends VersionedSnapshot<PlannerState> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
