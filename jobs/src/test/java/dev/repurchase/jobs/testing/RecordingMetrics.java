package dev.repurchase.jobs.testing;

import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * A metric group that keeps the counters registered in it and its subgroups, by their scoped name
 * ({@code reason.malformed-json.deadLetters}), for unit tests of what a function counts.
 */
public final class RecordingMetrics extends UnregisteredMetricsGroup {

    private final Map<String, Counter> counters;
    private final String scope;

    public RecordingMetrics() {
        this(new TreeMap<>(), "");
    }

    private RecordingMetrics(Map<String, Counter> counters, String scope) {
        this.counters = counters;
        this.scope = scope;
    }

    @Override
    public Counter counter(String name) {
        return counters.computeIfAbsent(scope + name, n -> new SimpleCounter());
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
        counters.put(scope + name, counter);
        return counter;
    }

    @Override
    public MetricGroup addGroup(String name) {
        return new RecordingMetrics(counters, scope + name + ".");
    }

    @Override
    public MetricGroup addGroup(String key, String value) {
        return new RecordingMetrics(counters, scope + key + "." + value + ".");
    }

    /** The count of a counter by its scoped name; 0 if it was never registered. */
    public long count(String scopedName) {
        Counter counter = counters.get(scopedName);
        return counter == null ? 0 : counter.getCount();
    }

    /** Every counter registered, by scoped name. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        counters.forEach((name, counter) -> counts.put(name, counter.getCount()));
        return counts;
    }
}
