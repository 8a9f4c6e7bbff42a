package dev.repurchase.jobs.state;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What a checkpoint records of a {@link VersionedSerializer}: its format version, nothing else
 * (Flink writes the snapshot's class name and {@link #getCurrentVersion()} before it).
 *
 * <p>Resolution (FLIP-263: the new snapshot resolves against the old one): the same version is
 * compatible as is; an older version, or the Flink POJO serializer of the type (state version 0,
 * before explicit serializers), is compatible after migration, read with the old serializer and
 * written again with the new one. Anything else is incompatible.
 *
 * <p>Subclasses (one per serializer, with a public no-argument constructor, as Flink instantiates
 * them by name) only name their serializer.
 */
public abstract class VersionedSnapshot<T> implements TypeSerializerSnapshot<T> {

    private final VersionedSerializer<T> current;
    private int version;

    protected VersionedSnapshot(VersionedSerializer<T> current) {
        this.current = current;
        this.version = current.currentVersion();
    }

    /** The format version this snapshot describes. */
    public int version() {
        return version;
    }

    @Override
    public int getCurrentVersion() {
        return current.currentVersion();
    }

    @Override
    public void writeSnapshot(DataOutputView out) {}

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
            throws IOException {
        if (readVersion < 1 || readVersion > current.currentVersion()) {
            throw new IOException(
                    "format version "
                            + readVersion
                            + " of "
                            + current.typeClass().getSimpleName()
                            + " is unknown to this version of the job (latest "
                            + current.currentVersion()
                            + ")");
        }
        version = readVersion;
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        return current.readingVersion(version);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
            TypeSerializerSnapshot<T> oldSnapshot) {
        if (oldSnapshot.getClass() == getClass()) {
            int old = ((VersionedSnapshot<T>) oldSnapshot).version;
            if (old == version) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return old < version
                    ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
        return isPreviousSerializer(oldSnapshot)
                ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                : TypeSerializerSchemaCompatibility.incompatible();
    }

    /**
     * Whether the state was written by the serializer the type had before it had this one: by
     * default Flink's POJO serializer of the same class.
     */
    protected boolean isPreviousSerializer(TypeSerializerSnapshot<T> oldSnapshot) {
        return oldSnapshot instanceof PojoSerializerSnapshot
                && current.typeClass().isInstance(oldSnapshot.restoreSerializer().createInstance());
    }
}
