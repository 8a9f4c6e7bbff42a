package dev.repurchase.jobs.aggregate;

import dev.repurchase.common.metric.IntervalHistogram;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import dev.repurchase.jobs.sink.CheckpointHold;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sums metric deltas per row (keyed by {@link MetricKey}) and emits each changed row's absolute
 * value at most once per flush: every {@code flushIntervalMillis}, before each checkpoint barrier,
 * and at the end of a bounded input. The database then sees one write per changed row, whatever the
 * event rate, and every checkpoint is preceded by the rows it covers.
 *
 * <p>Between flushes the deltas are summed on the heap; a flush adds each row's sum to the keyed
 * state with one read and one write. As a flush precedes every checkpoint barrier, the state is
 * exact at every checkpoint and nothing on the heap needs checkpointing.
 *
 * <p>Exactly-once tables through at-least-once upserts (SPEC section 6). The deltas of a customer
 * depend on the order their purchases arrive in, which differs from run to run, so a row may pass
 * through values that a run restarted from a checkpoint never produces again; if such a value was
 * written after the checkpoint, the restarted run must write the row again. With checkpointing on:
 *
 * <ul>
 *   <li>after a restore, every row of the restored state is emitted once more (the rows written
 *       after the checkpoint go back to its values, and on from there);
 *   <li>a row created after the last checkpoint is first emitted once a completed checkpoint holds
 *       it (so that a restore finds it), or at the end of the input: the rows a restarted run
 *       restores are a superset of the rows ever written. A new row thus reaches the database up to
 *       a checkpoint interval late; a row already there follows every flush.
 * </ul>
 */
public class MetricAggregator extends AbstractStreamOperator<MetricRow>
        implements OneInputStreamOperator<MetricDelta, MetricRow>, BoundedOneInput {

    private static final String SUMS = "sums";

    private final long flushIntervalMillis;

    private transient ValueState<long[]> sums;

    /**
     * Per row, the deltas summed since the last flush, not yet in {@link #sums}: counters in slot
     * order, or (days, count) pairs. Empty at every checkpoint, so it is not state.
     */
    private transient Map<MetricKey, long[]> pending;

    /** Rows to emit at the next flush besides the pending ones: restored and released rows. */
    private transient Set<MetricKey> dirty;

    /** Whether new rows wait for a completed checkpoint (checkpointing is on). */
    private transient boolean holdNewRows;

    /**
     * Rows created since the last checkpoint, or held until a checkpoint holding them completes.
     */
    private transient Set<MetricKey> held;

    /** The rows created, until the first checkpoint that holds them completes. */
    private transient CheckpointHold<MetricKey, MetricKey> created;

    private transient boolean restored;

    public MetricAggregator(long flushIntervalMillis) {
        this.flushIntervalMillis = flushIntervalMillis;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        restored = context.isRestored();
    }

    @Override
    public void open() throws Exception {
        super.open();
        sums =
                getPartitionedState(
                        new ValueStateDescriptor<>(
                                SUMS, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        pending = new LinkedHashMap<>();
        dirty = new LinkedHashSet<>();
        holdNewRows = getRuntimeContext().isCheckpointingEnabled();
        held = new HashSet<>();
        created = new CheckpointHold<>();
        if (restored) {
            // Rows written after the checkpoint may hold values this run never passes through.
            try (Stream<MetricKey> keys =
                    this.<MetricKey>getKeyedStateBackend().getKeys(SUMS, VoidNamespace.INSTANCE)) {
                keys.forEach(dirty::add);
            }
        }
        scheduleFlush();
    }

    @Override
    public void processElement(StreamRecord<MetricDelta> element) {
        MetricDelta delta = element.getValue();
        long[] sum = pending.get(delta.key);
        if (delta.key.table.isHistogram()) {
            pending.put(
                    delta.key,
                    IntervalHistogram.add(
                            sum == null ? new long[0] : sum, delta.bucket, delta.values[0]));
        } else if (sum == null) {
            // A copy: the sum grows in place.
            pending.put(delta.key, delta.values.clone());
        } else {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += delta.values[i];
            }
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush(false);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        created.checkpointTaken(context.getCheckpointId());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        // A completed checkpoint holds the rows of every earlier one too (rows are never removed).
        for (MetricKey key : created.checkpointCompleted(checkpointId)) {
            held.remove(key);
            dirty.add(key);
        }
    }

    @Override
    public void endInput() throws Exception {
        // The rows' final values: no restarted run passes through other values at the end.
        flush(true);
    }

    private void scheduleFlush() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService()
                .registerTimer(
                        now + flushIntervalMillis,
                        time -> {
                            flush(false);
                            scheduleFlush();
                        });
    }

    /**
     * Adds the pending sums to the state and emits the changed rows, except those held until a
     * checkpoint holds them unless {@code includingHeld}; held rows are emitted when they are
     * released.
     */
    private void flush(boolean includingHeld) throws Exception {
        Map<MetricKey, long[]> updated = addPendingToState();
        if (includingHeld) {
            dirty.addAll(held);
        }
        for (MetricKey key : dirty) {
            if (!includingHeld && held.contains(key)) {
                continue;
            }
            long[] values = updated.get(key);
            if (values == null) {
                setCurrentKey(key);
                values = sums.value();
            }
            output.collect(
                    new StreamRecord<>(new MetricRow(key, values == null ? new long[0] : values)));
        }
        dirty.clear();
        if (includingHeld) {
            held.clear();
            created.releaseAll();
        }
    }

    /**
     * Adds each row's pending sum to its state, one read and one write per row, and marks the row
     * dirty; a row first created here is held if new rows wait for a checkpoint. Sums of zero
     * change nothing and create no row. Returns the rows' new values.
     */
    private Map<MetricKey, long[]> addPendingToState() throws Exception {
        Map<MetricKey, long[]> updated = new HashMap<>();
        for (Map.Entry<MetricKey, long[]> entry : pending.entrySet()) {
            MetricKey key = entry.getKey();
            long[] sum = entry.getValue();
            // Histogram sums hold no zero bucket, so a sum of zero is empty.
            if (Arrays.stream(sum).allMatch(v -> v == 0)) {
                continue;
            }
            setCurrentKey(key);
            long[] stored = sums.value();
            if (stored == null && holdNewRows) {
                held.add(key);
                created.hold(key, key);
            }
            long[] values = plus(key, stored, sum);
            sums.update(values);
            updated.put(key, values);
            dirty.add(key);
        }
        pending.clear();
        return updated;
    }

    /**
     * {@code stored} plus {@code sum} as a new array: an emitted row's array is never changed
     * afterwards (the heap state backend returns and keeps the very array emitted).
     */
    private static long[] plus(MetricKey key, long[] stored, long[] sum) {
        if (key.table.isHistogram()) {
            long[] values = stored == null ? new long[0] : stored;
            for (int i = 0; i < sum.length; i += 2) {
                values = IntervalHistogram.add(values, (int) sum[i], sum[i + 1]);
            }
            return values;
        }
        long[] values = stored == null ? new long[sum.length] : stored.clone();
        for (int i = 0; i < values.length; i++) {
            values[i] += sum[i];
        }
        return values;
    }
}
