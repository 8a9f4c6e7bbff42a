package dev.repurchase.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.testing.BatchReference;
import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.jobs.RepurchaseJob;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.testing.CommittedMessages;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.LogCapture;
import dev.repurchase.jobs.testing.Restores;
import dev.repurchase.jobs.testing.TestPostgres;
import dev.repurchase.jobs.testing.Triggers;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC section 6 when the whole process goes, and across an upgrade: the whole real Online Retail
 * history (a year; three months replayed in about a second, before the savepoint of the second case
 * could stop them midway) with the order system's changes after the fact ({@link
 * RefundedOnlineRetail}: payments hours after the order, refunds days to weeks after delivery,
 * cancellations, unpaid orders), in a business time zone other than UTC.
 *
 * <ul>
 *   <li>{@code replay --checkpoint-dir} in a process of its own, killed (kill -9) once a checkpoint
 *       is complete and started again: it resumes from that checkpoint, with the broker it kept in
 *       the directory, and ends in the tables of the batch SQL with every reminder delivered once;
 *   <li>a job stopped with a savepoint midway and started from it with another parallelism ends in
 *       the same tables.
 * </ul>
 *
 * Both resume from state that had read records (Flink's restore log), and end with the trigger log,
 * reminder and lifecycle messages of a replay that was never stopped (some changes of its feed
 * delivered twice), each message delivered once to a read_committed consumer.
 */
class ProcessRestartITCase {

    private static final Path ONLINE_RETAIL = Path.of("../data/online_retail/online_retail.csv.gz");
    private static final Instant FROM = Instant.parse("2010-12-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2011-12-10T00:00:00Z");
    private static final String SUPPRESS_BEFORE = "2011-01-15T00:00:00Z";
    private static final String TIMEZONE = "America/Los_Angeles";
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern RESUMING = Pattern.compile("resuming from the checkpoint (\\S+)");

    @TempDir static Path dir;

    private static final List<String> schemas = new ArrayList<>();
    private static OrderHistory history;
    private static Path orders;
    private static Path items;
    private static String batch;
    private static Run clean;

    /**
     * What a replay left on Kafka, as a read_committed consumer reads it: the trigger ids of the
     * reminders, and the whole reminder and lifecycle messages (key and value).
     */
    private record Delivered(
            List<String> reminderIds, List<String> reminders, List<String> lifecycle) {

        static Delivered by(String bootstrapServers) {
            return new Delivered(
                    Triggers.deliveredIds(bootstrapServers, "reminders"),
                    messages(bootstrapServers, "reminders"),
                    messages(bootstrapServers, "lifecycle"));
        }

        private static List<String> messages(String bootstrapServers, String topic) {
            return CommittedMessages.readAll(bootstrapServers, topic).stream()
                    .map(record -> record.key() + " | " + record.value())
                    .toList();
        }
    }

    /** A replay's sink schema and what it delivered. */
    private record Run(String schema, Delivered delivered) {}

    @BeforeAll
    static void writeTheHistoryComputeTheBatchSqlAndReplayItWithoutStopping() throws Exception {
        history = RefundedOnlineRetail.read(ONLINE_RETAIL, FROM, UNTIL);
        orders = dir.resolve("orders.csv");
        items = dir.resolve("order_items.csv");
        history.write(orders, items);
        batch = schema("batch");
        BatchReference.compute(batch, history, options(batch));

        String schema = schema("clean");
        Configuration config = options(schema);
        config.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            new HistoryReplay(config, new PrintStream(OutputStream.nullOutputStream()))
                    .run(RefundedOnlineRetail.withDuplicates(history), kafka);
            clean = new Run(schema, Delivered.by(kafka.bootstrapServers()));
        }
    }

    /** The job options of every run here: the sink schema, the time zone, timing-free triggers. */
    private static Configuration options(String schema) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(schema));
        config.set(RepurchaseOptions.TIMEZONE, TIMEZONE);
        config.setString("reminders.suppress-before", SUPPRESS_BEFORE);
        config.setString("reminders.min-samples", String.valueOf(Integer.MAX_VALUE));
        return config;
    }

    /**
     * The run ended like the one never stopped, every message delivered once. The triggers come
     * last: they depend on when a refund was read (issue 12) while the rest must not.
     */
    private static void assertSameAsTheCleanRun(Run run) throws Exception {
        ContractTables.assertSame(run.schema(), batch);
        // SPEC 9: recomputed as of the end, after a last fit over all customers, whatever the
        // fits before the stop saw.
        assertThat(prediction(run.schema()))
                .hasSizeGreaterThan(1)
                .isEqualTo(prediction(clean.schema()));

        Delivered delivered = run.delivered();
        assertThat(delivered.reminders()).isNotEmpty().doesNotHaveDuplicates();
        assertThat(delivered.reminderIds())
                .containsExactlyInAnyOrderElementsOf(Triggers.sentReminderIds(run.schema()));
        assertThat(delivered.lifecycle()).isNotEmpty().doesNotHaveDuplicates();
        assertThat(delivered.lifecycle())
                .containsExactlyInAnyOrderElementsOf(clean.delivered().lifecycle());

        assertThat(delivered.reminders())
                .containsExactlyInAnyOrderElementsOf(clean.delivered().reminders());
        assertThat(Triggers.log(run.schema())).isEqualTo(Triggers.log(clean.schema()));
    }

    /** Each customer's prediction columns, then the last fit's row, as text. */
    private static List<String> prediction(String schema) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement()) {
            for (String query :
                    List.of(
                            "SELECT customer_id, p_alive, expected_purchases, predicted_value FROM "
                                    + schema
                                    + ".customer_profile WHERE purchases > 0 ORDER BY customer_id",
                            "SELECT * FROM "
                                    + schema
                                    + ".prediction_model ORDER BY fitted_at DESC LIMIT 1")) {
                try (ResultSet r = s.executeQuery(query)) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        StringBuilder row = new StringBuilder(r.getString(1));
                        for (int i = 2; i <= columns; i++) {
                            row.append(" | ").append(r.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        return rows;
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
                        "timezone=" + TIMEZONE,
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
        Matcher resuming = RESUMING.matcher(log);
        assertThat(resuming.find()).isTrue();
        Restores restores = Restores.in(log.lines().toList());
        assertThat(restores.restored())
                .as("the checkpoint the killed run left is restored: %s", log)
                .isNotEmpty()
                .first()
                .extracting(Restores.Restore::location)
                .asString()
                .endsWith(resuming.group(1));
        assertThat(restores.resumedFromReadRecords())
                .as("resumed past the records read: %s", restores.startingOffsets())
                .isTrue();

        try (EmbeddedKafka kafka = EmbeddedKafka.startIn(new ReplayDirectory(replayDir).kafka())) {
            assertSameAsTheCleanRun(new Run(schema, Delivered.by(kafka.bootstrapServers())));
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
            Configuration job = options(schema);
            job.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            job.set(LifecycleOptions.EVENT_TIME_END, feed.latestEventTime().toString());
            // Early checkpoints: the job is stopped at the first, well before its end.
            job.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
            kafka.createTopics(
                    2,
                    "orders",
                    "order_items",
                    "repurchase.dead-letter",
                    "reminders",
                    "lifecycle",
                    "order-alerts");
            new HistoryPublisher(kafka.bootstrapServers())
                    .publish(RefundedOnlineRetail.withDuplicates(history), 1_000_000, p -> {});
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
            Restores restores;
            try (LogCapture log = LogCapture.start(Level.INFO)) {
                submit(upgraded, 1).getJobExecutionResult().get();
                restores = Restores.in(log.lines());
            }
            assertThat(restores.restored())
                    .isNotEmpty()
                    .first()
                    .satisfies(
                            restore -> {
                                assertThat(restore.kind()).isEqualTo("Savepoint");
                                assertThat(restore.location())
                                        .endsWith(
                                                Path.of(URI.create(savepoint))
                                                        .getFileName()
                                                        .toString());
                            });
            assertThat(restores.resumedFromReadRecords())
                    .as("resumed past the records read: %s", restores.startingOffsets())
                    .isTrue();

            assertSameAsTheCleanRun(new Run(schema, Delivered.by(kafka.bootstrapServers())));
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
                        "-Dlog4j2.configurationFile=" + logConfiguration(),
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

    /**
     * The replay's console logging with the restore lines of {@link Restores} (at INFO, which the
     * command's own configuration leaves out).
     */
    private static Path logConfiguration() throws Exception {
        StringBuilder config =
                new StringBuilder()
                        .append("rootLogger.level = WARN\n")
                        .append("rootLogger.appenderRef.console.ref = Console\n")
                        .append("appender.console.type = Console\n")
                        .append("appender.console.name = Console\n")
                        .append("appender.console.layout.type = PatternLayout\n")
                        .append("appender.console.layout.pattern = %-5level %c - %msg%n\n");
        for (int i = 0; i < Restores.LOGGERS.size(); i++) {
            config.append("logger.restore")
                    .append(i)
                    .append(".name = ")
                    .append(Restores.LOGGERS.get(i))
                    .append("\nlogger.restore")
                    .append(i)
                    .append(".level = INFO\n");
        }
        Path file = dir.resolve("log4j2-restores.properties");
        Files.writeString(file, config);
        return file;
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
