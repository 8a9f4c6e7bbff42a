package dev.repurchase.cli.upgrade;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.DebeziumChangeFeed;
import dev.repurchase.cli.replay.HistoryPublisher;
import dev.repurchase.cli.replay.HistoryReplay;
import dev.repurchase.cli.replay.OnlineRetail;
import dev.repurchase.cli.replay.OrderHistory;
import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.jobs.RepurchaseJob;
import dev.repurchase.jobs.config.PipelineOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * The replay a state upgrade is tested with, the same for the version that writes a savepoint
 * ({@link PreviousVersionSavepoint}) and the version that restores it ({@code StateUpgradeITCase}):
 * December 2010 of the Online Retail history, published to the same topics, partitions and offsets,
 * and a job configured alike.
 *
 * <p>A savepoint holds more than the operators' state: the Kafka source's splits (topic names,
 * partitions, the offset reached and the offset to stop at), which only match a broker holding the
 * same messages in the same order; and the Kafka sinks' transactions. Triggers are all suppressed
 * here, so no sink has a transaction open in the savepoint that a fresh broker could not commit.
 */
final class UpgradeReplay {

    static final Path ONLINE_RETAIL = Path.of("../data/online_retail/online_retail.csv.gz");
    static final Instant FROM = Instant.parse("2010-12-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2011-01-01T00:00:00Z");
    static final int PARTITIONS = 2;
    static final String[] TOPICS = {
        "orders", "order_items", "repurchase.dead-letter", "reminders", "lifecycle", "order-alerts"
    };

    /** The savepoint itself, within a state version's directory (beside its README). */
    static final String SAVEPOINT_DIR = "savepoint";

    private UpgradeReplay() {}

    static OrderHistory history() throws IOException {
        return OnlineRetail.read(ONLINE_RETAIL, FROM, UNTIL);
    }

    /** The job's configuration: RocksDB as on the cluster, early checkpoints, nothing sent. */
    static Configuration job(
            String jdbcUrl, EmbeddedKafka kafka, DebeziumChangeFeed feed, Path checkpoints) {
        Configuration job = new Configuration();
        job.set(PipelineOptions.JDBC_URL, jdbcUrl);
        job.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        job.set(LifecycleOptions.EVENT_TIME_END, feed.latestEventTime().toString());
        job.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        job.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        // Suppressed triggers reach trigger_log, not Kafka: no transaction spans the savepoint.
        job.setString("reminders.suppress-before", "2100-01-01T00:00:00Z");
        job.set(CoreOptions.DEFAULT_PARALLELISM, PARTITIONS);
        HistoryReplay.checkpointLocally(job, checkpoints);
        return job;
    }

    static void createTopics(EmbeddedKafka kafka) {
        kafka.createTopics(PARTITIONS, TOPICS);
    }

    static void publish(EmbeddedKafka kafka, Iterable<ChangeEvent> events) {
        new HistoryPublisher(kafka.bootstrapServers()).publish(events, 1_000_000, p -> {});
    }

    /** Starts the bounded replay job. */
    static JobClient submit(Configuration job) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(PARTITIONS, job);
        RepurchaseJob.build(env, job, true);
        return env.executeAsync("Repurchase state upgrade replay");
    }

    /** The partition {@link HistoryPublisher} puts an event into. */
    static TopicPartition partitionOf(ChangeEvent event) {
        int partition =
                Utils.toPositive(Utils.murmur2(event.orderId().getBytes(StandardCharsets.UTF_8)))
                        % PARTITIONS;
        return new TopicPartition(event.topic(), partition);
    }
}
