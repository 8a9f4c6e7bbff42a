package dev.repurchase.jobs.aggregate;

import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sums metric deltas per row (and per day bucket of histogram rows) in memory before the shuffle to
 * the {@link MetricAggregator}, which then reads and writes its state once per row and bundle
 * instead of once per delta: the rows of a period and a popular dimension value take a delta from
 * nearly every purchase. Deltas that sum to zero are dropped (a zero row reads as an absent one).
 *
 * <p>A bundle is emitted when it holds {@code maxRows} rows, every {@code intervalMillis}, before
 * each checkpoint barrier and at the end of a bounded input. So a checkpoint never covers deltas
 * still held here, and the operator needs no state: exactly-once holds as without it. Chained to
 * the operator that makes the deltas, so that only the sums cross the network.
 */
public class DeltaPreAggregator extends AbstractStreamOperator<MetricDelta>
        implements OneInputStreamOperator<MetricDelta, MetricDelta>, BoundedOneInput {

    private final long intervalMillis;
    private final int maxRows;

    /** The bundle: per row and bucket, the summed values. */
    private transient Map<Cell, long[]> sums;

    /** A row, and for histogram tables one day bucket of it (0 for counter tables). */
    private record Cell(MetricKey key, int bucket) {}

    /**
     * @param intervalMillis longest time a delta waits here (processing time)
     * @param maxRows rows of a full bundle
     */
    public DeltaPreAggregator(long intervalMillis, int maxRows) {
        this.intervalMillis = intervalMillis;
        this.maxRows = maxRows;
        // Operators written on AbstractStreamOperator start a new chain unless told otherwise.
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    public void open() throws Exception {
        super.open();
        sums = new HashMap<>();
        scheduleEmit();
    }

    @Override
    public void processElement(StreamRecord<MetricDelta> element) {
        MetricDelta delta = element.getValue();
        Cell cell = new Cell(delta.key, delta.bucket);
        long[] sum = sums.get(cell);
        if (sum != null) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += delta.values[i];
            }
            return;
        }
        // A copy: the sender may share or reuse its arrays.
        sums.put(cell, delta.values.clone());
        if (sums.size() >= maxRows) {
            emit();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        emit();
    }

    @Override
    public void endInput() {
        emit();
    }

    private void scheduleEmit() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService()
                .registerTimer(
                        now + intervalMillis,
                        time -> {
                            emit();
                            scheduleEmit();
                        });
    }

    private void emit() {
        for (Map.Entry<Cell, long[]> entry : sums.entrySet()) {
            long[] values = entry.getValue();
            if (!allZero(values)) {
                Cell cell = entry.getKey();
                output.collect(new StreamRecord<>(new MetricDelta(cell.key, cell.bucket, values)));
            }
        }
        sums.clear();
    }

    private static boolean allZero(long[] values) {
        for (long value : values) {
            if (value != 0) {
                return false;
            }
        }
        return true;
    }
}
