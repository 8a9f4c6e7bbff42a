package dev.repurchase.common.metric;

/**
 * A change to one aggregated row: counters to add, or for histogram tables a count to add to the
 * bucket of {@link #bucket} days. A Flink POJO.
 */
public class MetricDelta {

    public MetricKey key;

    /** Whole days of the interval (histogram tables); 0 for counter tables. */
    public int bucket;

    /** Amounts to add: one per counter slot, or a single count for histogram tables. */
    public long[] values;

    public MetricDelta() {}

    public MetricDelta(MetricKey key, int bucket, long[] values) {
        this.key = key;
        this.bucket = bucket;
        this.values = values;
    }

    @Override
    public String toString() {
        return key
                + (key.table.isHistogram() ? "@" + bucket : "")
                + java.util.Arrays.toString(values);
    }
}
