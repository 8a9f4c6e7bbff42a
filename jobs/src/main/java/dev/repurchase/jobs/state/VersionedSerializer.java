package dev.repurchase.jobs.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The serializer of a state type in a compact binary format with a version number. It writes the
 * current version's format; an instance restored from an older snapshot reads that version's (state
 * is then migrated: read with the old format, written with the current one).
 *
 * <p>Changing a format: add a version, keep reading every earlier one in {@link #read}, and write a
 * savepoint of the new version for the upgrade test (see docs/operations.md, "State versions").
 */
public abstract class VersionedSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    /** The format version of the data this instance reads. */
    private final int readVersion;

    protected VersionedSerializer(int readVersion) {
        if (readVersion < 1 || readVersion > currentVersion()) {
            throw new IllegalArgumentException(
                    "no format version " + readVersion + " of " + getClass().getSimpleName());
        }
        this.readVersion = readVersion;
    }

    /** The version of the format this serializer writes. */
    public abstract int currentVersion();

    /** The type's class, as the state's TypeInformation names it. */
    public abstract Class<T> typeClass();

    /** A serializer reading version {@code version} of the format. */
    protected abstract VersionedSerializer<T> readingVersion(int version);

    /** Writes a value (never null: state holds no null values) in the current format. */
    protected abstract void write(T value, DataOutputView out) throws IOException;

    /** Reads a value written in format {@code version}. */
    protected abstract T read(DataInputView in, int version) throws IOException;

    @Override
    public abstract VersionedSnapshot<T> snapshotConfiguration();

    public int readVersion() {
        return readVersion;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this; // stateless
    }

    @Override
    public T copy(T from) {
        // A deep copy through the format: state values are small, and copies are rare.
        try {
            DataOutputSerializer out = new DataOutputSerializer(64);
            write(from, out);
            return read(
                    new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()),
                    currentVersion());
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy " + from, e);
        }
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        write(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return read(source, readVersion);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object obj) {
        return obj != null
                && obj.getClass() == getClass()
                && ((VersionedSerializer<?>) obj).readVersion == readVersion;
    }

    @Override
    public int hashCode() {
        return 31 * getClass().hashCode() + readVersion;
    }
}
