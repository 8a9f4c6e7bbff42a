package dev.repurchase.jobs.aggregate;

import dev.repurchase.common.metric.IntervalHistogram;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

    /** Rows changed since the last flush; empty at every checkpoint, so it is not state. */
    private transient Set<MetricKey> dirty;

    /** Whether new rows wait for a completed checkpoint (checkpointing is on). */
    private transient boolean holdNewRows;

    /**
     * Rows created since the last checkpoint, or held until a checkpoint holding them completes.
     */
    private transient Set<MetricKey> held;

    /** Rows created since the last checkpoint. */
    private transient Set<MetricKey> createdSinceCheckpoint;

    /** Per checkpoint in flight, the rows it is the first to hold. */
    private transient TreeMap<Long, Set<MetricKey>> heldByCheckpoint;

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
        dirty = new LinkedHashSet<>();
        holdNewRows = getRuntimeContext().isCheckpointingEnabled();
        held = new HashSet<>();
        createdSinceCheckpoint = new HashSet<>();
        heldByCheckpoint = new TreeMap<>();
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
    public void processElement(StreamRecord<MetricDelta> element) throws Exception {
        MetricDelta delta = element.getValue();
        long[] current = sums.value();
        if (current == null && holdNewRows) {
            held.add(delta.key);
            createdSinceCheckpoint.add(delta.key);
        }
        if (delta.key.table.isHistogram()) {
            current =
                    IntervalHistogram.add(
                            current == null ? new long[0] : current, delta.bucket, delta.values[0]);
        } else {
            if (current == null) {
                current = new long[delta.values.length];
            }
            for (int i = 0; i < current.length; i++) {
                current[i] += delta.values[i];
            }
        }
        sums.update(current);
        dirty.add(delta.key);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush(false);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (!createdSinceCheckpoint.isEmpty()) {
            heldByCheckpoint.put(context.getCheckpointId(), createdSinceCheckpoint);
            createdSinceCheckpoint = new HashSet<>();
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        // A completed checkpoint holds the rows of every earlier one too (rows are never removed).
        Iterator<Map.Entry<Long, Set<MetricKey>>> confirmed =
                heldByCheckpoint.headMap(checkpointId, true).entrySet().iterator();
        while (confirmed.hasNext()) {
            for (MetricKey key : confirmed.next().getValue()) {
                held.remove(key);
                dirty.add(key);
            }
            confirmed.remove();
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
     * Emits the changed rows, except those held until a checkpoint holds them unless {@code
     * includingHeld}; held rows are emitted when they are released.
     */
    private void flush(boolean includingHeld) throws Exception {
        if (includingHeld) {
            dirty.addAll(held);
        }
        for (MetricKey key : dirty) {
            if (!includingHeld && held.contains(key)) {
                continue;
            }
            setCurrentKey(key);
            long[] values = sums.value();
            output.collect(
                    new StreamRecord<>(new MetricRow(key, values == null ? new long[0] : values)));
        }
        dirty.clear();
        if (includingHeld) {
            held.clear();
            createdSinceCheckpoint.clear();
            heldByCheckpoint.clear();
        }
    }
}
