package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.jobs.RepurchaseJob;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.TestPostgres;
import dev.repurchase.jobs.testing.Triggers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC section 6 when the whole process goes, and across an upgrade: the whole real Online Retail
 * history (a year; three months replayed in about a second, before the savepoint of the second case
 * could stop them midway).
 *
 * <ul>
 *   <li>{@code replay --checkpoint-dir} in a process of its own, killed (kill -9) once a checkpoint
 *       is complete and started again: it resumes from that checkpoint, with the broker it kept in
 *       the directory, and ends in the tables of the batch SQL with every reminder delivered once;
 *   <li>a job stopped with a savepoint midway and started from it with another parallelism ends in
 *       the same tables.
 * </ul>
 */
class ProcessRestartITCase {

    private static final Path ONLINE_RETAIL = Path.of("../data/online_retail/online_retail.csv.gz");
    private static final Instant FROM = Instant.parse("2010-12-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2011-12-10T00:00:00Z");
    private static final String SUPPRESS_BEFORE = "2011-01-15T00:00:00Z";
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    @TempDir static Path dir;

    private static final List<String> schemas = new ArrayList<>();
    private static OrderHistory history;
    private static Path orders;
    private static Path items;
    private static String batch;

    @BeforeAll
    static void writeTheHistoryAndComputeTheBatchSql() throws Exception {
        history = OnlineRetail.read(ONLINE_RETAIL, FROM, UNTIL);
        orders = dir.resolve("orders.csv");
        items = dir.resolve("order_items.csv");
        history.write(orders, items);
        batch = schema("batch");
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(batch));
        BatchReference.compute(batch, history, config);
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        for (String schema : schemas) {
            TestPostgres.dropSchema(schema);
        }
    }

    private static String schema(String prefix) throws Exception {
        String schema = TestPostgres.createSchema(prefix);
        schemas.add(schema);
        return schema;
    }

    @Test
    void aReplayKilledAfterACheckpointResumesFromItWhenStartedAgain() throws Exception {
        String schema = schema("restart");
        Path replayDir = dir.resolve("replay");
        List<String> replay =
                List.of(
                        "replay",
                        "--orders",
                        orders.toString(),
                        "--items",
                        items.toString(),
                        "--jdbc-url",
                        TestPostgres.urlFor(schema),
                        "--checkpoint-dir",
                        replayDir.toString(),
                        "--parallelism",
                        "2",
                        "--set",
                        "execution.checkpointing.interval=" + CHECKPOINT_INTERVAL.toMillis() + "ms",
                        "--set",
                        "reminders.suppress-before=" + SUPPRESS_BEFORE,
                        "--set",
                        "reminders.min-samples=" + Integer.MAX_VALUE);

        Path firstLog = dir.resolve("first.log");
        Process first = start(replay, firstLog);
        try {
            awaitCompletedCheckpoint(new ReplayDirectory(replayDir), first, firstLog);
        } finally {
            first.destroyForcibly().waitFor();
        }
        assertThat(Files.readString(firstLog))
                .as("the first run is killed before its end")
                .doesNotContain("replayed ");
        assertThatThrownBy(() -> ContractTables.assertSame(schema, batch))
                .as("killed midway: the tables are not final yet")
                .isInstanceOf(AssertionError.class);

        Path secondLog = dir.resolve("second.log");
        Process second = start(replay, secondLog);
        boolean ended = second.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            second.destroyForcibly().waitFor();
        }
        String log = Files.readString(secondLog);
        assertThat(ended).as("the second run ends: %s", log).isTrue();
        assertThat(second.exitValue()).as(log).isZero();
        assertThat(log).contains("resuming from the checkpoint").doesNotContain("published ");

        ContractTables.assertSame(schema, batch);
        try (EmbeddedKafka kafka = EmbeddedKafka.startIn(new ReplayDirectory(replayDir).kafka())) {
            List<String> reminders = Triggers.deliveredIds(kafka.bootstrapServers(), "reminders");
            assertThat(reminders).isNotEmpty().doesNotHaveDuplicates();
            assertThat(new HashSet<>(reminders)).isEqualTo(Triggers.sentReminderIds(schema));
        }
        assertThat(new ReplayDirectory(replayDir).latestCheckpoint())
                .as("nothing left to resume")
                .isEmpty();
    }

    @Test
    void aJobStoppedWithASavepointResumesFromItWithAnotherParallelism() throws Exception {
        String schema = schema("savepoint");
        DebeziumChangeFeed feed = DebeziumChangeFeed.of(history);
        ReplayDirectory checkpoints = new ReplayDirectory(dir.resolve("savepoint-run"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Configuration job = new Configuration();
            job.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(schema));
            job.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            job.set(LifecycleOptions.EVENT_TIME_END, feed.latestEventTime().toString());
            // Early checkpoints: the job is stopped at the first, well before its end.
            job.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
            job.setString("reminders.suppress-before", SUPPRESS_BEFORE);
            job.setString("reminders.min-samples", String.valueOf(Integer.MAX_VALUE));
            kafka.createTopics(
                    2, "orders", "order_items", "repurchase.dead-letter", "reminders", "lifecycle");
            new HistoryPublisher(kafka.bootstrapServers()).publish(feed, 1_000_000, p -> {});
            HistoryReplay.checkpointLocally(job, checkpoints.checkpoints());

            JobClient first = submit(job, 2);
            Optional<Path> checkpoint = Optional.empty();
            while (checkpoint.isEmpty()) {
                assertThat(first.getJobStatus().get().isGloballyTerminalState())
                        .as("the job is stopped before its end")
                        .isFalse();
                Thread.sleep(50);
                checkpoint = checkpoints.latestCheckpoint();
            }
            String savepoint =
                    first.stopWithSavepoint(
                                    false,
                                    dir.resolve("savepoints").toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();
            first.getJobExecutionResult().get();
            assertThatThrownBy(() -> ContractTables.assertSame(schema, batch))
                    .as("stopped midway: the tables are not final yet")
                    .isInstanceOf(AssertionError.class);

            Configuration upgraded = new Configuration(job);
            upgraded.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            submit(upgraded, 1).getJobExecutionResult().get();

            ContractTables.assertSame(schema, batch);
            List<String> reminders = Triggers.deliveredIds(kafka.bootstrapServers(), "reminders");
            assertThat(reminders).isNotEmpty().doesNotHaveDuplicates();
            assertThat(new HashSet<>(reminders)).isEqualTo(Triggers.sentReminderIds(schema));
        }
    }

    private static JobClient submit(Configuration job, int parallelism) throws Exception {
        Configuration config = new Configuration(job);
        config.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, config);
        RepurchaseJob.build(env, config, true);
        return env.executeAsync("Repurchase replay, parallelism " + parallelism);
    }

    /** Starts {@code repurchase <args>} in a JVM of its own, output to {@code log}. */
    private static Process start(List<String> args, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(
                List.of(
                        "-Xmx1g",
                        "--add-opens",
                        "java.base/java.util=ALL-UNNAMED",
                        "--add-opens",
                        "java.base/java.lang=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.repurchase.cli.RepurchaseCli"));
        command.addAll(args);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void awaitCompletedCheckpoint(ReplayDirectory replay, Process process, Path log)
            throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (replay.latestCheckpoint().isEmpty()) {
            assertThat(process.isAlive()).as("the replay runs: %s", Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("no checkpoint in time").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
