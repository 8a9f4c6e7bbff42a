package dev.repurchase.jobs.wire;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The serializer of a record type that flows between operators, in a compact binary format (the
 * {@link dev.repurchase.jobs.state.StateFormat} encodings) instead of Flink's reflective POJO
 * serializer. A wire format is never stored (no state holds these types), so it has no version:
 * both ends of an edge run the same build. Stateless, so one instance serves every thread.
 */
public abstract class WireSerializer<T> extends TypeSerializerSingleton<T> {

    private static final long serialVersionUID = 1L;

    /** The record's class, as its TypeInformation names it. */
    public abstract Class<T> typeClass();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }
}
