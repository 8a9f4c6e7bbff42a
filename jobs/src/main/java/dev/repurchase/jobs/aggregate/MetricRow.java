package dev.repurchase.jobs.aggregate;

import dev.repurchase.common.metric.MetricKey;

/**
 * The current absolute value of one aggregated row: counters in slot order, or for histogram tables
 * the (days, count) pairs. Sinks write it as is, so a replay rewrites the same values. A Flink
 * POJO.
 */
public class MetricRow {

    public MetricKey key;
    public long[] values;

    public MetricRow() {}

    public MetricRow(MetricKey key, long[] values) {
        this.key = key;
        this.values = values;
    }
}
