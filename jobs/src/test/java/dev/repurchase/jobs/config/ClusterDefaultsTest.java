package dev.repurchase.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Test;

/** The fault-tolerance defaults of {@code flink run}: set only where nobody else sets them. */
class ClusterDefaultsTest {

    private final Configuration job = new Configuration();
    private final Configuration cluster = new Configuration();

    @Test
    void anEmptyConfigurationGetsEveryDefault() {
        ClusterDefaults.apply(job, cluster);

        assertThat(job.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(job.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(job.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(job.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(job.get(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(job.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(job.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE))
                .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(job.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        ClusterDefaults.validate(job);
    }

    @Test
    void theJobsOwnSettingsStay() {
        job.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        job.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMinutes(2));
        job.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");

        ClusterDefaults.apply(job, cluster);

        assertThat(job.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(job.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(job.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("fixed-delay");
        assertThat(job.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
    }

    @Test
    void theClustersSettingsAreNotOverridden() {
        cluster.setString("state.backend.type", "hashmap");
        cluster.setString("execution.checkpointing.interval", "1 min");

        ClusterDefaults.apply(job, cluster);

        assertThat(job.toMap())
                .doesNotContainKeys("state.backend.type", "execution.checkpointing.interval")
                .containsKey("execution.checkpointing.timeout");
    }

    @Test
    void nothingIsSetWhereTheClusterForbidsProgramConfiguration() {
        cluster.set(DeploymentOptions.PROGRAM_CONFIG_ENABLED, false);

        assertThat(ClusterDefaults.apply(job, cluster)).isEmpty();
        assertThat(job.toMap()).isEmpty();
    }

    @Test
    void theTransactionTimeoutMustStayWithinTheBrokersMaximum() {
        job.setString("kafka.transaction-timeout", "20 min");
        ClusterDefaults.apply(job, cluster);

        assertThatThrownBy(() -> ClusterDefaults.validate(job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka.transaction-timeout (20 min)")
                .hasMessageContaining("transaction.max.timeout.ms (15 min");

        job.setString("kafka.transaction-max-timeout", "1 h");
        ClusterDefaults.validate(job);
    }

    @Test
    void theTransactionTimeoutMustOutlastTheCheckpointInterval() {
        job.setString("kafka.transaction-timeout", "5 min");
        cluster.setString("execution.checkpointing.interval", "5 min");
        ClusterDefaults.apply(job, cluster);

        assertThatThrownBy(() -> ClusterDefaults.validate(ClusterDefaults.effective(job, cluster)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than the checkpoint interval")
                .hasMessageContaining("execution.checkpointing.interval (5 min)");
    }
}
