package dev.repurchase.jobs.sink;

import dev.repurchase.jobs.state.SerializerTypeInfo;
import dev.repurchase.jobs.state.StateTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.Preconditions;

/**
 * A write-ahead for the at-least-once JDBC upserts of rows that a run restarted from a checkpoint
 * may not produce again: a row passes on only once a completed checkpoint holds the state that
 * produced it, so the table never shows what a failed run wrote after its last checkpoint (SPEC
 * section 6). Rows with the same key since the last checkpoint pass on as the latest of them.
 *
 * <p>At each checkpoint the rows since the previous one are kept in operator state; they leave when
 * the checkpoint completes, or right after a restore from it (its completion may have come too late
 * to emit them), or at the end of the input. A row thus reaches the table up to a checkpoint
 * interval late. Without checkpointing everything passes at once.
 *
 * <p>Used where restoring and re-emitting the latest value per row would not do: {@code
 * trigger_log}, whose rows a restarted run may never write again (a trigger id depends on the due
 * time), and {@code campaign_effect}, whose global instance cannot emit outside its input.
 */
public class CheckpointGate<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, BoundedOneInput {

    private final KeySelector<T, String> key;
    private final TypeInformation<T> type;

    /** The rows of the checkpoints taken and not yet known complete. */
    private transient ListState<T> pending;

    /** Whether rows wait for a completed checkpoint (checkpointing is on). */
    private transient boolean hold;

    /** The rows waiting for a completed checkpoint, the latest per key. */
    private transient CheckpointHold<String, T> held;

    /** The rows of the checkpoint restored from: complete, to be emitted on open. */
    private transient List<T> restored;

    /**
     * @param key of a row: rows of a key pass on as the latest of them
     * @param type of the rows, for the operator state: one of {@link StateTypes}, as savepoints
     *     hold the rows in its versioned format
     */
    public CheckpointGate(KeySelector<T, String> key, TypeInformation<T> type) {
        Preconditions.checkArgument(
                type instanceof SerializerTypeInfo<T> explicit && explicit.isVersioned(),
                "the rows of a checkpoint gate need a versioned serializer (StateTypes), not %s",
                type);
        this.key = key;
        this.type = type;
    }

    /**
     * The rows through a gate (parallelism and partitioning as the stream's); the stream's type is
     * that of the state.
     */
    public static <T> SingleOutputStreamOperator<T> apply(
            DataStream<T> rows, KeySelector<T, String> key, String name, String uid) {
        return rows.transform(name, rows.getType(), new CheckpointGate<>(key, rows.getType()))
                .uid(uid);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        pending =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("pending-rows", type));
        restored = new ArrayList<>();
        if (context.isRestored()) {
            pending.get().forEach(restored::add);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        hold = getRuntimeContext().isCheckpointingEnabled();
        held = new CheckpointHold<>();
        // The checkpoint restored from completed: its rows are final, whether they left or not.
        restored.forEach(this::emit);
        restored.clear();
        pending.clear();
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        if (hold) {
            T row = element.getValue();
            held.hold(key.getKey(row), row);
        } else {
            output.collect(element);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        held.checkpointTaken(context.getCheckpointId());
        pending.update(held.waitingForCheckpoints());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        held.checkpointCompleted(checkpointId).forEach(this::emit);
    }

    @Override
    public void endInput() {
        // The final rows: no restarted run produces other ones at the end.
        held.releaseAll().forEach(this::emit);
    }

    private void emit(T row) {
        output.collect(new StreamRecord<>(row));
    }
}
