package dev.repurchase.cli.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.cli.testing.TestSchemas;
import dev.repurchase.common.config.RepurchaseOptions;
import dev.repurchase.jobs.RepurchaseJob;
import dev.repurchase.jobs.config.CdcSourceOptions;
import dev.repurchase.jobs.config.IngestOptions;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.fault.FailureInjector;
import dev.repurchase.jobs.testing.ContractTables;
import dev.repurchase.jobs.testing.TestPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job with a database CDC source on a local MiniCluster (with its REST API, to ask where it
 * restored from), its contract tables in a PostgreSQL schema, its Kafka outputs on {@code
 * bootstrapServers}. Runs until closed.
 */
final class CdcSourceJob implements AutoCloseable {

    static final int PARALLELISM = 2;
    static final String TIMEZONE = "Asia/Shanghai";

    /**
     * The live job's event time, the instant the learned category cycles are as of (SPEC 4.1): it
     * has not passed any interval's horizon when the tables are compared, so the batch counts none
     * matured either.
     */
    private static final Instant LIVE_EVENT_TIME = Instant.EPOCH;

    private static final Duration TABLES_TIMEOUT = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNDEFINED_TABLE = "42P01";

    private final JobClient job;
    private final CompletableFuture<JobExecutionResult> result;
    private final int restPort;

    private CdcSourceJob(JobClient job, int restPort) {
        this.job = job;
        this.result = job.getJobExecutionResult();
        this.restPort = restPort;
    }

    /** The broker of the job's outputs (reminders, lifecycle, dead letters), with their topics. */
    static EmbeddedKafka outputBroker() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        kafka.createTopics(
                PARALLELISM,
                PipelineOptions.DEAD_LETTER_TOPIC.defaultValue(),
                PipelineOptions.REMINDERS_TOPIC.defaultValue(),
                PipelineOptions.LIFECYCLE_TOPIC.defaultValue());
        return kafka;
    }

    /** The settings every CDC test shares; the source options come on top. */
    static Configuration config(String bootstrapServers, String sinkSchema) {
        Configuration config = new Configuration();
        config.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        config.set(PipelineOptions.JDBC_URL, TestPostgres.urlFor(sinkSchema));
        config.set(CoreOptions.DEFAULT_PARALLELISM, PARALLELISM);
        config.set(RepurchaseOptions.TIMEZONE, TIMEZONE);
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        // The story's orders were last changed in 2025 (their updated_at, as of which the
        // snapshot's reads count), its live changes commit now: no order may settle in between,
        // or the live change of a line would be a dead letter (SPEC 1) the batch SQL knows nothing
        // of.
        config.set(
                IngestOptions.SETTLE_DAYS,
                (int) Duration.between(ShopHistory.YEAR_START.toInstant(), Instant.now()).toDays()
                        + 365);
        // Restarts for the injected failure, and for a sink that finds the shared PostgreSQL
        // server out of connections for a moment.
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        config.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        return config;
    }

    /**
     * The story of every CDC source test: places {@link ShopStory#history()} in {@code shop},
     * starts the job with {@code config} (its sink tables in {@code streamSchema}), makes the live
     * changes and waits until the job's tables equal what the batch SQL computes from the shop's
     * final tables. With a {@code failureRun}, the job first fails once in the middle of the
     * snapshot (read in chunks of 8 rows, checkpoints every 200 ms: it spans several checkpoints)
     * and must have restarted from a checkpoint.
     *
     * @param failureRun the failure injector's run id; null for no failure
     */
    static void assertSnapshotThenLogEqualTheBatchSql(
            OrderSystem shop,
            Configuration config,
            String streamSchema,
            TestSchemas schemas,
            String failureRun)
            throws Exception {
        int snapshotRows = shop.place(ShopStory.history());
        if (failureRun != null) {
            failInTheMiddleOfTheSnapshot(config, failureRun, snapshotRows);
        }
        try (CdcSourceJob job = start(config)) {
            if (failureRun != null) {
                job.awaitInjectedFailure(failureRun);
            }
            ShopStory.liveChanges(shop);
            String batchSchema = schemas.create("batch");
            ShopStory.batchReference(shop, batchSchema, TIMEZONE, LIVE_EVENT_TIME);

            job.awaitSameTables(streamSchema, batchSchema, TABLES_TIMEOUT);
            if (failureRun != null) {
                JsonNode restored = job.restoredCheckpoint();
                assertThat(restored).as("the checkpoint the job restarted from").isNotNull();
                assertThat(restored.path("is_savepoint").asBoolean()).isFalse();
            }
        } finally {
            if (failureRun != null) {
                FailureInjector.forget(failureRun);
            }
        }
    }

    /**
     * Makes the job fail once in the middle of a snapshot of {@code snapshotRows} rows, at a point
     * within the second half of the rows.
     */
    private static void failInTheMiddleOfTheSnapshot(
            Configuration config, String run, int snapshotRows) {
        config.set(CdcSourceOptions.SNAPSHOT_CHUNK_ROWS, 8);
        config.set(FailureInjector.RUN_ID, run);
        config.set(FailureInjector.FAILURES, 1);
        config.set(FailureInjector.SEED, seedFailingAfter(snapshotRows / 2, snapshotRows));
        config.set(FailureInjector.WITHIN_RECORDS, (long) snapshotRows);
    }

    /** A seed whose one failure point lies in (from, to]. */
    private static long seedFailingAfter(long from, long to) {
        for (long seed = 1; ; seed++) {
            if (FailureInjector.failurePoints(1, seed, to)[0] > from) {
                return seed;
            }
        }
    }

    static CdcSourceJob start(Configuration config) throws Exception {
        int restPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            restPort = socket.getLocalPort();
        }
        Configuration cluster = new Configuration(config);
        cluster.set(RestOptions.PORT, restPort);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(cluster);
        env.setParallelism(PARALLELISM);
        RepurchaseJob.build(env, cluster, false);
        return new CdcSourceJob(env.executeAsync("CDC source"), restPort);
    }

    /**
     * Waits until the contract tables of {@code streamSchema} equal those of {@code batchSchema};
     * throws the last difference if they do not within {@code timeout}.
     */
    private void awaitSameTables(String streamSchema, String batchSchema, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                ContractTables.assertSame(streamSchema, batchSchema);
                return;
            } catch (SQLException missing) {
                // The sinks create their tables when they open, seconds after the job starts.
                if (!UNDEFINED_TABLE.equals(missing.getSQLState())
                        || System.nanoTime() > deadline) {
                    throw missing;
                }
                assertRunning();
                TimeUnit.MILLISECONDS.sleep(500);
            } catch (AssertionError difference) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            difference.getMessage()
                                    + "\nrejected input of the stream: "
                                    + rejectedInput(streamSchema),
                            difference);
                }
                assertRunning();
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
    }

    /** Up to 5 dead letters the job wrote to {@code rejected_input}: why the tables differ. */
    private static List<String> rejectedInput(String schema) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT reason, excerpt FROM "
                                        + schema
                                        + ".rejected_input LIMIT 5")) {
            while (r.next()) {
                rows.add(r.getString(1) + ": " + r.getString(2));
            }
        }
        return rows;
    }

    /** Waits until the failure injector of {@code run} has failed the job once. */
    private void awaitInjectedFailure(String run) throws Exception {
        while (FailureInjector.failuresOf(run) == 0) {
            assertRunning();
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** Throws why the job ended, if it did: an unbounded job must run until closed. */
    private void assertRunning() throws Exception {
        if (result.isDone()) {
            throw new IllegalStateException("the job ended: " + result.get());
        }
    }

    /** The checkpoint the job last restored from (REST: latest.restored), or null. */
    private JsonNode restoredCheckpoint() throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://localhost:"
                                                                + restPort
                                                                + "/jobs/"
                                                                + job.getJobID()
                                                                + "/checkpoints"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        JsonNode restored = JSON.readTree(response.body()).path("latest").path("restored");
        return restored.isMissingNode() || restored.isNull() ? null : restored;
    }

    @Override
    public void close() throws Exception {
        if (!result.isDone()) {
            job.cancel().get();
        }
    }
}
