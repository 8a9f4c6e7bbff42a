package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readCount;
import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.writeCount;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeString;

import dev.repurchase.jobs.abuse.RankedOrders;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The ranked orders of one device, IP or address group of a flash sale (state version 4). Version
 * 1: the count, then each order's purchase time as the difference to the previous one's (the
 * first's to 0) and its order id.
 */
public final class RankedOrdersSerializer extends VersionedSerializer<RankedOrders> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final RankedOrdersSerializer INSTANCE = new RankedOrdersSerializer(VERSION);

    private RankedOrdersSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<RankedOrders> typeClass() {
        return RankedOrders.class;
    }

    @Override
    protected RankedOrdersSerializer readingVersion(int version) {
        return new RankedOrdersSerializer(version);
    }

    @Override
    public RankedOrders createInstance() {
        return new RankedOrders();
    }

    @Override
    protected void write(RankedOrders r, DataOutputView out) throws IOException {
        writeCount(out, r.size());
        long previous = 0;
        for (int i = 0; i < r.size(); i++) {
            writeLong(out, r.times.get(i) - previous);
            previous = r.times.get(i);
            writeString(out, r.orderIds.get(i));
        }
    }

    @Override
    protected RankedOrders read(DataInputView in, int version) throws IOException {
        int n = readCount(in);
        List<Long> times = new ArrayList<>(n);
        List<String> orderIds = new ArrayList<>(n);
        long previous = 0;
        for (int i = 0; i < n; i++) {
            previous += readLong(in);
            times.add(previous);
            orderIds.add(readString(in));
        }
        return new RankedOrders(times, orderIds);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<RankedOrders> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
