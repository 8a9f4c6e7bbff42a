package dev.repurchase.jobs.testing;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter for tests of a job on a local MiniCluster that keeps every counter the job
 * registers, with its group's variables, after the job and the cluster are gone (Flink's own
 * in-memory test reporter forgets them when the cluster closes it).
 */
public final class RetainedCounters implements MetricReporter {

    private static final String NAME = "retained";
    private static final String RUN = "run";

    private record Registered(Map<String, String> variables, String name, Counter counter) {}

    private static final Map<String, List<Registered>> RUNS = new ConcurrentHashMap<>();

    private final String run;

    private RetainedCounters(String run) {
        this.run = run;
    }

    /** Adds the reporter to a job's configuration; returns the id of the run to read. */
    public static String addTo(Configuration config) {
        String run = UUID.randomUUID().toString();
        MetricOptions.forReporter(config, NAME)
                .set(MetricOptions.REPORTER_FACTORY_CLASS, Factory.class.getName())
                .setString(RUN, run);
        RUNS.put(run, new CopyOnWriteArrayList<>());
        return run;
    }

    /**
     * The counters named {@code name} of a run, summed over subtasks (and restarts) by the value of
     * their group variable {@code variable} (e.g. {@code <reason>}).
     */
    public static Map<String, Long> sum(String run, String name, String variable) {
        Map<String, Long> sums = new TreeMap<>();
        for (Registered r : RUNS.getOrDefault(run, List.of())) {
            String value = r.variables().get(variable);
            if (r.name().equals(name) && value != null) {
                sums.merge(value, r.counter().getCount(), Long::sum);
            }
        }
        return sums;
    }

    /** Forgets a run. */
    public static void forget(String run) {
        RUNS.remove(run);
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Counter counter) {
            List<Registered> registered = RUNS.get(run);
            if (registered != null) {
                registered.add(new Registered(group.getAllVariables(), name, counter));
            }
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

    /** Creates the reporter of the run named in its configuration. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new RetainedCounters(properties.getProperty(RUN));
        }
    }
}
