package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readCode;
import static dev.repurchase.jobs.state.StateFormat.readId;
import static dev.repurchase.jobs.state.StateFormat.readInt;
import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.readNullableDouble;
import static dev.repurchase.jobs.state.StateFormat.readNullableInt;
import static dev.repurchase.jobs.state.StateFormat.readNullableLong;
import static dev.repurchase.jobs.state.StateFormat.readString;
import static dev.repurchase.jobs.state.StateFormat.readTime;
import static dev.repurchase.jobs.state.StateFormat.readUnsignedLong;
import static dev.repurchase.jobs.state.StateFormat.writeCode;
import static dev.repurchase.jobs.state.StateFormat.writeCount;
import static dev.repurchase.jobs.state.StateFormat.writeId;
import static dev.repurchase.jobs.state.StateFormat.writeInt;
import static dev.repurchase.jobs.state.StateFormat.writeLong;
import static dev.repurchase.jobs.state.StateFormat.writeTime;

import dev.repurchase.common.lifecycle.LifecycleStage;
import dev.repurchase.common.lifecycle.Segment;
import dev.repurchase.jobs.customer.CustomerProfile;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A customer_profile row (state of the profile's checkpoint gate, and the stream into it). Version
 * 1: customer, first and last purchase, purchases, net cents, expected next purchase, stage, R, F,
 * M, segment. Version 2 (state version 3): then habitual hour and weekday, P(alive), expected
 * purchases and predicted value (SPEC 9). Version 3 (state version 5), the same fields compact: the
 * customer as an id ({@link StateFormat#writeId}); one number whose bits say which of the nullable
 * fields are present ({@link #PRESENT}); purchases and net cents; then the present ones: the first
 * purchase, the last relative to it and the expected next relative to the last ({@link
 * StateFormat#writeTime}), stage and segment by the customer state's codes, the scores and habitual
 * time as numbers, the prediction as doubles.
 */
public final class CustomerProfileSerializer extends VersionedSerializer<CustomerProfile> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 3;
    public static final CustomerProfileSerializer INSTANCE = new CustomerProfileSerializer(VERSION);

    private CustomerProfileSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<CustomerProfile> typeClass() {
        return CustomerProfile.class;
    }

    @Override
    protected CustomerProfileSerializer readingVersion(int version) {
        return new CustomerProfileSerializer(version);
    }

    @Override
    public CustomerProfile createInstance() {
        return new CustomerProfile();
    }

    /** The nullable fields in the order of version 3's bits, lowest first. */
    private static final List<Function<CustomerProfile, Object>> PRESENT =
            List.of(
                    p -> p.firstPurchaseAt,
                    p -> p.lastPurchaseAt,
                    p -> p.expectedNextPurchaseAt,
                    p -> p.lifecycleStage,
                    p -> p.rfmR,
                    p -> p.rfmF,
                    p -> p.rfmM,
                    p -> p.segment,
                    p -> p.habitualHour,
                    p -> p.habitualWeekday,
                    p -> p.pAlive,
                    p -> p.expectedPurchases,
                    p -> p.predictedValue);

    @Override
    protected void write(CustomerProfile p, DataOutputView out) throws IOException {
        writeId(out, p.customerId);
        long present = 0;
        for (int i = 0; i < PRESENT.size(); i++) {
            present |= PRESENT.get(i).apply(p) != null ? 1L << i : 0;
        }
        writeCount(out, present);
        writeLong(out, p.purchases);
        writeLong(out, p.netCents);
        long origin = 0;
        if (p.firstPurchaseAt != null) {
            writeTime(out, origin, p.firstPurchaseAt);
            origin = p.firstPurchaseAt;
        }
        if (p.lastPurchaseAt != null) {
            writeTime(out, origin, p.lastPurchaseAt);
            origin = p.lastPurchaseAt;
        }
        if (p.expectedNextPurchaseAt != null) {
            writeTime(out, origin, p.expectedNextPurchaseAt);
        }
        if (p.lifecycleStage != null) {
            writeCode(
                    out, LifecycleStage.valueOf(p.lifecycleStage), CustomerStateSerializer.STAGES);
        }
        for (Integer score : new Integer[] {p.rfmR, p.rfmF, p.rfmM}) {
            if (score != null) {
                writeInt(out, score);
            }
        }
        if (p.segment != null) {
            writeCode(out, Segment.valueOf(p.segment), CustomerStateSerializer.SEGMENTS);
        }
        for (Integer time : new Integer[] {p.habitualHour, p.habitualWeekday}) {
            if (time != null) {
                writeInt(out, time);
            }
        }
        for (Double value : new Double[] {p.pAlive, p.expectedPurchases, p.predictedValue}) {
            if (value != null) {
                out.writeDouble(value);
            }
        }
    }

    @Override
    protected CustomerProfile read(DataInputView in, int version) throws IOException {
        return version >= 3 ? readCompact(in) : readEarlier(in, version);
    }

    private static CustomerProfile readCompact(DataInputView in) throws IOException {
        CustomerProfile p = new CustomerProfile();
        p.customerId = readId(in);
        long present = readUnsignedLong(in);
        p.purchases = readLong(in);
        p.netCents = readLong(in);
        long origin = 0;
        if (has(present, 0)) {
            p.firstPurchaseAt = origin = readTime(in, origin);
        }
        if (has(present, 1)) {
            p.lastPurchaseAt = origin = readTime(in, origin);
        }
        if (has(present, 2)) {
            p.expectedNextPurchaseAt = readTime(in, origin);
        }
        if (has(present, 3)) {
            p.lifecycleStage = readCode(in, CustomerStateSerializer.STAGES).name();
        }
        p.rfmR = has(present, 4) ? readInt(in) : null;
        p.rfmF = has(present, 5) ? readInt(in) : null;
        p.rfmM = has(present, 6) ? readInt(in) : null;
        if (has(present, 7)) {
            p.segment = readCode(in, CustomerStateSerializer.SEGMENTS).name();
        }
        p.habitualHour = has(present, 8) ? readInt(in) : null;
        p.habitualWeekday = has(present, 9) ? readInt(in) : null;
        p.pAlive = has(present, 10) ? in.readDouble() : null;
        p.expectedPurchases = has(present, 11) ? in.readDouble() : null;
        p.predictedValue = has(present, 12) ? in.readDouble() : null;
        return p;
    }

    /** True if bit {@code i} of {@link #PRESENT} is set. */
    private static boolean has(long present, int i) {
        return (present & 1L << i) != 0;
    }

    /** Versions 1 and 2. */
    private static CustomerProfile readEarlier(DataInputView in, int version) throws IOException {
        CustomerProfile p = new CustomerProfile();
        p.customerId = readString(in);
        p.firstPurchaseAt = readNullableLong(in);
        p.lastPurchaseAt = readNullableLong(in);
        p.purchases = readLong(in);
        p.netCents = readLong(in);
        p.expectedNextPurchaseAt = readNullableLong(in);
        p.lifecycleStage = readString(in);
        p.rfmR = readNullableInt(in);
        p.rfmF = readNullableInt(in);
        p.rfmM = readNullableInt(in);
        p.segment = readString(in);
        if (version >= 2) {
            p.habitualHour = readNullableInt(in);
            p.habitualWeekday = readNullableInt(in);
            p.pAlive = readNullableDouble(in);
            p.expectedPurchases = readNullableDouble(in);
            p.predictedValue = readNullableDouble(in);
        }
        return p;
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<CustomerProfile> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
