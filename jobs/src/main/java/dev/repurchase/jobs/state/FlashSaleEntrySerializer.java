package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readInt;
import static dev.repurchase.jobs.state.StateFormat.writeInt;

import dev.repurchase.jobs.abuse.AbuseRule;
import dev.repurchase.jobs.abuse.FlashSaleEntry;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the flash-sale abuse ranking holds of one order (state version 4). Version 1: the order
 * ({@link FlashSaleOrderSerializer}'s version 1), the rule that flags it (its ordinal, -1 if none:
 * device, ip, address), its rank, and whether its flag was announced.
 */
public final class FlashSaleEntrySerializer extends VersionedSerializer<FlashSaleEntry> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final FlashSaleEntrySerializer INSTANCE = new FlashSaleEntrySerializer(VERSION);

    private FlashSaleEntrySerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<FlashSaleEntry> typeClass() {
        return FlashSaleEntry.class;
    }

    @Override
    protected FlashSaleEntrySerializer readingVersion(int version) {
        return new FlashSaleEntrySerializer(version);
    }

    @Override
    public FlashSaleEntry createInstance() {
        return new FlashSaleEntry();
    }

    private static final AbuseRule[] RULES = AbuseRule.values();

    @Override
    protected void write(FlashSaleEntry e, DataOutputView out) throws IOException {
        FlashSaleOrderSerializer.writeOrder(e.order, out);
        writeInt(out, e.rule == null ? -1 : e.rule.ordinal());
        writeInt(out, e.rank);
        out.writeBoolean(e.announced);
    }

    @Override
    protected FlashSaleEntry read(DataInputView in, int version) throws IOException {
        FlashSaleEntry e = new FlashSaleEntry();
        e.order = FlashSaleOrderSerializer.readOrder(in);
        int rule = readInt(in);
        if (rule >= RULES.length) {
            throw new IOException("unknown abuse rule " + rule);
        }
        e.rule = rule < 0 ? null : RULES[rule];
        e.rank = readInt(in);
        e.announced = in.readBoolean();
        return e;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<FlashSaleEntry> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
