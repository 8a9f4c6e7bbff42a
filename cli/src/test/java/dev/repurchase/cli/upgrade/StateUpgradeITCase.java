package dev.repurchase.cli.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.DebeziumChangeFeed;
import dev.repurchase.cli.replay.OrderHistory;
import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.TestPostgres;
import dev.repurchase.jobs.upgrade.SavepointUpgrade;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A savepoint written by an earlier state version restores into this one: those of state versions 1
 * and 2 once {@link SavepointUpgrade} has turned them into state version 3, later ones as they are.
 * Each savepoint of {@code src/test/resources/savepoints} ({@code v1}: versioned serializers, four
 * states per order; {@code v2}: one record per order, four operators per customer; {@code v3}: one
 * customer operator; {@code v4}: referrals and flash-sale abuse; {@code v5}: compact order records,
 * settling and compact customer state; see their READMEs) holds the {@link UpgradeReplay} stopped
 * early; this version finishes the replay from the (upgraded) savepoint, and every contract table
 * equals the batch SQL over the whole history.
 *
 * <p>That the state came from the savepoint, rather than from reading the history again: every
 * message before the savepoint's source offsets is replaced here by one that does not decode. Read,
 * it would be a rejected_input row, and the orders it stood for would be missing from the tables.
 */
class StateUpgradeITCase {

    private static final Path SAVEPOINTS = Path.of("src/test/resources/savepoints");

    @TempDir Path dir;

    private final List<String> schemas = new ArrayList<>();

    @AfterEach
    void dropSchemas() throws Exception {
        for (String schema : schemas) {
            TestPostgres.dropSchema(schema);
        }
    }

    @ParameterizedTest(name = "state version {0}")
    @ValueSource(strings = {"v1", "v2", "v3", "v4", "v5"})
    void theReplayStoppedByAnEarlierVersionEndsInTheTablesOfTheBatchSql(String version)
            throws Exception {
        Path savepoint = SAVEPOINTS.resolve(version).resolve(UpgradeReplay.SAVEPOINT_DIR);
        Path restored = mergedOperators(version) ? upgraded(savepoint) : savepoint.toAbsolutePath();
        OrderHistory history = UpgradeReplay.history();
        DebeziumChangeFeed feed = DebeziumChangeFeed.of(history);
        String batch = schema("batch");
        Configuration batchConfig = new Configuration();
        batchConfig.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(batch));
        BatchReference.compute(batch, history, batchConfig);

        Map<TopicPartition, Long> resumeAt = SavepointSplits.nextOffsets(savepoint);
        assertThat(resumeAt.values())
                .as("the savepoint was taken midway: %s", resumeAt)
                .isNotEmpty()
                .anyMatch(offset -> offset > 0);

        String schema = schema("upgrade");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            UpgradeReplay.createTopics(kafka);
            UpgradeReplay.publish(kafka, unreadableBefore(resumeAt, feed));
            Configuration job =
                    UpgradeReplay.job(
                            TestPostgres.urlFor(schema), kafka, feed, dir.resolve("checkpoints"));
            job.set(StateRecoveryOptions.SAVEPOINT_PATH, restored.toUri().toString());
            UpgradeReplay.submit(job).getJobExecutionResult().get();
        }

        assertThat(rejectedInput(schema)).as("messages read before the savepoint").isZero();
        ContractTables.assertSame(schema, batch);
    }

    /** Before state version 3 a customer was kept by four operators, now merged into one. */
    private static boolean mergedOperators(String version) {
        return version.equals("v1") || version.equals("v2");
    }

    private Path upgraded(Path savepoint) throws Exception {
        Path upgraded = dir.resolve("upgraded");
        SavepointUpgrade.upgrade(
                StreamExecutionEnvironment.createLocalEnvironment(1),
                savepoint.toAbsolutePath().toUri().toString(),
                upgraded.toUri().toString());
        return upgraded;
    }

    /**
     * The events in the order they are published, those a savepoint's source has read replaced by
     * messages that do not decode: in the same topic and partition, so every other keeps its
     * offset. A partition missing from the savepoint was read to its end.
     */
    private static List<ChangeEvent> unreadableBefore(
            Map<TopicPartition, Long> resumeAt, Iterable<ChangeEvent> events) {
        Map<TopicPartition, Long> published = new HashMap<>();
        List<ChangeEvent> result = new ArrayList<>();
        for (ChangeEvent event : events) {
            TopicPartition partition = UpgradeReplay.partitionOf(event);
            long offset = published.merge(partition, 1L, Long::sum) - 1;
            boolean read = offset < resumeAt.getOrDefault(partition, Long.MAX_VALUE);
            result.add(
                    read
                            ? new ChangeEvent(
                                    event.topic(),
                                    event.orderId(),
                                    event.key(),
                                    "read before the savepoint: never to be read again",
                                    event.eventTime())
                            : event);
        }
        return result;
    }

    private static long rejectedInput(String schema) throws Exception {
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery("SELECT count(*) FROM " + schema + ".rejected_input")) {
            r.next();
            return r.getLong(1);
        }
    }

    private String schema(String prefix) throws Exception {
        String schema = TestPostgres.createSchema(prefix);
        schemas.add(schema);
        return schema;
    }
}
