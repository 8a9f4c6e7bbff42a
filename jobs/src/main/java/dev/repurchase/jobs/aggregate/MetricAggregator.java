package dev.repurchase.jobs.aggregate;

import dev.repurchase.common.metric.IntervalHistogram;
import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sums metric deltas per row (keyed by {@link MetricKey}) and emits each changed row's absolute
 * value at most once per flush: every {@code flushIntervalMillis}, before each checkpoint barrier,
 * and at the end of a bounded input. The database then sees one write per changed row, whatever the
 * event rate, and every checkpoint is preceded by the rows it covers.
 */
public class MetricAggregator extends AbstractStreamOperator<MetricRow>
        implements OneInputStreamOperator<MetricDelta, MetricRow>, BoundedOneInput {

    private final long flushIntervalMillis;

    private transient ValueState<long[]> sums;

    /** Rows changed since the last flush; empty at every checkpoint, so it is not state. */
    private transient Set<MetricKey> dirty;

    public MetricAggregator(long flushIntervalMillis) {
        this.flushIntervalMillis = flushIntervalMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        sums =
                getPartitionedState(
                        new ValueStateDescriptor<>(
                                "sums", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        dirty = new LinkedHashSet<>();
        scheduleFlush();
    }

    @Override
    public void processElement(StreamRecord<MetricDelta> element) throws Exception {
        MetricDelta delta = element.getValue();
        long[] current = sums.value();
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
        flush();
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    private void scheduleFlush() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService()
                .registerTimer(
                        now + flushIntervalMillis,
                        time -> {
                            flush();
                            scheduleFlush();
                        });
    }

    private void flush() throws Exception {
        for (MetricKey key : dirty) {
            setCurrentKey(key);
            long[] values = sums.value();
            output.collect(
                    new StreamRecord<>(new MetricRow(key, values == null ? new long[0] : values)));
        }
        dirty.clear();
    }
}
