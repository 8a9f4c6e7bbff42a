package dev.repurchase.cli.bench;

import dev.repurchase.cli.replay.DebeziumChangeFeed;
import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.jobs.RepurchaseJob;
import dev.repurchase.jobs.config.PipelineOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The real job ({@link RepurchaseJob#build}) on a local MiniCluster of one task manager with a slot
 * per parallel subtask, on RocksDB with incremental checkpoints to a local directory: the
 * production setup, shrunk to one machine.
 */
final class LocalFlink implements AutoCloseable {

    /** Managed memory of the task manager: RocksDB's block cache and write buffers. */
    static final MemorySize MANAGED_MEMORY = MemorySize.parse("1g");

    final MiniCluster cluster;
    final Configuration config;

    private LocalFlink(MiniCluster cluster, Configuration config) {
        this.cluster = cluster;
        this.config = config;
    }

    /**
     * The job configuration of a benchmark run.
     *
     * @param timeEnd the end of a bounded history (timers due later do not fire); null if live
     * @param options set last, over everything else ({@code bench --set})
     */
    static Configuration jobConfig(
            String bootstrapServers,
            DebeziumChangeFeed.Topics input,
            String run,
            String jdbcUrl,
            int parallelism,
            CheckpointingMode mode,
            Duration checkpointInterval,
            Path checkpoints,
            Instant timeEnd,
            Map<String, String> options) {
        Configuration c = new Configuration();
        c.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        c.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        c.set(PipelineOptions.ORDERS_TOPIC, input.orders());
        c.set(PipelineOptions.ORDER_ITEMS_TOPIC, input.orderItems());
        c.set(PipelineOptions.DEAD_LETTER_TOPIC, run + "-dead-letters");
        c.set(PipelineOptions.REMINDERS_TOPIC, run + "-reminders");
        c.set(PipelineOptions.LIFECYCLE_TOPIC, run + "-lifecycle");
        c.set(PipelineOptions.ORDER_ALERTS_TOPIC, run + "-order-alerts");
        c.set(PipelineOptions.KAFKA_GROUP_ID, run);
        c.set(PipelineOptions.TRANSACTIONAL_ID_PREFIX, run);
        c.set(PipelineOptions.JDBC_URL, jdbcUrl);
        if (timeEnd != null) {
            c.set(LifecycleOptions.EVENT_TIME_END, timeEnd.toString());
        }
        c.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        c.set(RocksDBOptions.LOCAL_DIRECTORIES, checkpoints.resolve("rocksdb").toString());
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, mode);
        c.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        c.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                checkpoints.resolve("checkpoints").toUri().toString());
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        c.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MANAGED_MEMORY);
        // Any free port: another local cluster (a demo, a test) may hold 8081.
        c.set(RestOptions.BIND_PORT, "0");
        options.forEach(c::setString);
        return c;
    }

    static LocalFlink start(Configuration config) throws Exception {
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(config)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(
                                        config.get(TaskManagerOptions.NUM_TASK_SLOTS))
                                .build());
        cluster.start();
        return new LocalFlink(cluster, config);
    }

    /** A job to run on the cluster: the real job, or the floor under it ({@link FloorJob}). */
    interface JobDefinition {
        void define(StreamExecutionEnvironment env, Configuration config) throws Exception;
    }

    /** The real job, bounded (a replay to the end offsets) or not; it creates the sink tables. */
    static JobDefinition repurchaseJob(boolean bounded) {
        return (env, config) -> RepurchaseJob.build(env, config, bounded);
    }

    /** Defines {@code job} and builds its job graph; does not submit it. */
    JobGraph jobGraph(JobDefinition job, String name) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        job.define(env, config);
        var streamGraph = env.getStreamGraph();
        streamGraph.setJobName(name);
        return streamGraph.getJobGraph();
    }

    JobID submit(JobGraph graph) throws Exception {
        return cluster.submitJob(graph).get().getJobID();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
