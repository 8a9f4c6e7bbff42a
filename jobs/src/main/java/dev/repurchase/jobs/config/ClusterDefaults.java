package dev.repurchase.jobs.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.util.TimeUtils;

/**
 * The fault-tolerance settings the cluster job ({@code flink run}) runs with unless the job's or
 * the cluster's configuration sets them: RocksDB with incremental checkpoints, exactly-once
 * checkpoints every 30 s (10 min timeout, 10 s pause between them) retained on cancellation, and
 * the exponential-delay restart strategy. The exactly-once trigger sinks need {@code
 * kafka.transaction-timeout} above the checkpoint interval and at most the broker's {@code
 * transaction.max.timeout.ms}; {@link #validate} checks it.
 */
public final class ClusterDefaults {

    public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration CHECKPOINT_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration MIN_PAUSE_BETWEEN_CHECKPOINTS = Duration.ofSeconds(10);

    /**
     * The restart strategy of every run of the job, cluster, replay and demo alike. With Flink's
     * defaults for it: backoff from 1 s growing 1.5 times up to 1 min, no limit on attempts, and
     * the backoff reset after an hour without failure. A database or broker restart in the middle
     * of a backfill of years of history then delays it instead of ending it.
     */
    public static final String RESTART_STRATEGY = "exponential-delay";

    private ClusterDefaults() {}

    /**
     * Sets every default that neither {@code job} nor {@code cluster} sets, into {@code job}. Sets
     * nothing when the cluster forbids configuration from the program ({@code
     * execution.program-config.enabled: false}).
     *
     * @param job the job's configuration (--config, --set), changed in place
     * @param cluster the cluster's configuration (config.yaml, -D), as the client sees it
     * @return the keys set, for the log
     */
    public static List<String> apply(Configuration job, ReadableConfig cluster) {
        List<String> applied = new ArrayList<>();
        if (!cluster.get(DeploymentOptions.PROGRAM_CONFIG_ENABLED)) {
            return applied;
        }
        Defaults defaults = new Defaults(job, cluster, applied);
        defaults.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        defaults.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        defaults.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, CHECKPOINT_INTERVAL);
        defaults.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, CHECKPOINT_TIMEOUT);
        defaults.set(
                CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, MIN_PAUSE_BETWEEN_CHECKPOINTS);
        defaults.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        defaults.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        defaults.set(RestartStrategyOptions.RESTART_STRATEGY, RESTART_STRATEGY);
        return applied;
    }

    /**
     * Checks the settings the exactly-once Kafka sinks depend on, on the configuration the job runs
     * with (the cluster's, overridden by the job's).
     *
     * @throws IllegalArgumentException naming the options to change
     */
    public static void validate(ReadableConfig effective) {
        Duration timeout = effective.get(PipelineOptions.TRANSACTION_TIMEOUT);
        Duration brokerMax = effective.get(PipelineOptions.BROKER_TRANSACTION_MAX_TIMEOUT);
        if (timeout.compareTo(brokerMax) > 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s (%s) must not exceed the broker's transaction.max.timeout.ms (%s,"
                                    + " option %s): the brokers would refuse the trigger"
                                    + " producers' transactions",
                            PipelineOptions.TRANSACTION_TIMEOUT.key(),
                            format(timeout),
                            format(brokerMax),
                            PipelineOptions.BROKER_TRANSACTION_MAX_TIMEOUT.key()));
        }
        Duration interval =
                effective.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).orElse(null);
        if (interval != null && timeout.compareTo(interval) <= 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s (%s) must be longer than the checkpoint interval %s (%s): the"
                                    + " trigger transactions are committed on checkpoints and"
                                    + " would time out before",
                            PipelineOptions.TRANSACTION_TIMEOUT.key(),
                            format(timeout),
                            CheckpointingOptions.CHECKPOINTING_INTERVAL.key(),
                            format(interval)));
        }
    }

    /** The configuration the job runs with: the cluster's, overridden by the job's. */
    public static Configuration effective(Configuration job, ReadableConfig cluster) {
        Configuration effective = new Configuration();
        cluster.toMap().forEach(effective::setString);
        effective.addAll(job);
        return effective;
    }

    private static String format(Duration duration) {
        return TimeUtils.formatWithHighestUnit(duration);
    }

    private record Defaults(Configuration job, ReadableConfig cluster, List<String> applied) {
        <T> void set(ConfigOption<T> option, T value) {
            if (job.getOptional(option).isEmpty() && cluster.getOptional(option).isEmpty()) {
                job.set(option, value);
                applied.add(option.key() + ": " + job.toMap().get(option.key()));
            }
        }
    }
}
