package dev.repurchase.cli.replay;

import dev.repurchase.cli.embedded.EmbeddedKafka;
import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.jobs.RepurchaseJob;
import dev.repurchase.jobs.config.ClusterDefaults;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.fault.FailureInjector;
import dev.repurchase.jobs.sink.JdbcConnection;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

/**
 * Replays change events through the real pipeline: an in-process Kafka broker receives them as the
 * order system's CDC topics, and the job graph runs on a local MiniCluster with bounded sources, so
 * it ends by itself once every event is processed, leaving the sink tables final.
 *
 * <p>By default broker and checkpoints live in temporary directories and go with the process. Given
 * a {@linkplain ReplayDirectory directory} of its own, a replay keeps both there, and a replay of
 * the same events and options started later (after the process was killed, say) resumes from the
 * latest checkpoint instead of starting over.
 */
public final class HistoryReplay {

    /**
     * What a replay did.
     *
     * @param injectedFailures task failures injected ({@link FailureInjector}) and recovered from
     * @param resumedFrom the checkpoint an earlier run left, that this one resumed from; or null
     */
    public record Result(
            HistoryPublisher.Summary published,
            Duration elapsed,
            int injectedFailures,
            Path resumedFrom) {}

    private static final long PROGRESS_EVERY_EVENTS = 100_000;
    private static final long PROGRESS_EVERY_MILLIS = 5_000;
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    private final Configuration config;
    private final PrintStream out;
    private final ReplayDirectory directory;

    /**
     * @param config the job configuration; the Kafka options are set to the embedded broker
     * @param out where progress lines go
     */
    public HistoryReplay(Configuration config, PrintStream out) {
        this(config, out, null);
    }

    /**
     * @param directory where broker and checkpoints stay, for a later run to resume; null for
     *     temporary directories
     */
    public HistoryReplay(Configuration config, PrintStream out, Path directory) {
        this.config = config;
        this.out = out;
        this.directory = directory == null ? null : new ReplayDirectory(directory);
    }

    /**
     * Replays the events through a broker of its own, stopped at the end. With a directory, resumes
     * the earlier run of the same replay from its latest checkpoint if there is one.
     */
    public Result run(Iterable<ChangeEvent> events) throws Exception {
        if (directory != null) {
            return runIn(directory, events);
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            return run(events, kafka);
        }
    }

    /**
     * Replays the events through {@code kafka}, which stays up for the caller to read the output
     * topics (reminders, lifecycle, dead letters).
     */
    public Result run(Iterable<ChangeEvent> events, EmbeddedKafka kafka) throws Exception {
        long start = System.nanoTime();
        Path checkpoints = Files.createTempDirectory("repurchase-checkpoints-");
        try {
            Configuration job = new Configuration(config);
            HistoryPublisher.Summary published = publish(events, kafka, job);
            return execute(job, kafka, published, checkpoints, null, start);
        } finally {
            FileUtils.deleteDirectoryQuietly(checkpoints.toFile());
        }
    }

    /**
     * The replay in {@code dir}: resumed from the latest checkpoint of an earlier run of the same
     * replay, else started afresh there. The checkpoints are retained if the job fails or the
     * process dies, and deleted once the replay has ended: nothing is left to resume.
     */
    private Result runIn(ReplayDirectory dir, Iterable<ChangeEvent> events) throws Exception {
        long start = System.nanoTime();
        Configuration job = new Configuration(config);
        job.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.checkpoints().toUri().toString());
        if (!job.contains(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION)) {
            job.set(
                    CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        ReplayFingerprint fingerprint = ReplayFingerprint.of(job);
        Optional<Path> checkpoint = dir.latestCheckpoint();
        Optional<ReplayDirectory.Published> earlier = dir.published();
        Result result;
        if (checkpoint.isPresent()
                && earlier.isPresent()
                && EmbeddedKafka.holdsBroker(dir.kafka())) {
            // The broker holds the events already: only their fingerprint is needed.
            fingerprint.addAll(events);
            if (!fingerprint.value().equals(earlier.get().fingerprint())) {
                throw new IllegalStateException(
                        dir.root()
                                + " holds a checkpoint of a different replay (other events or"
                                + " options): delete it or choose another checkpoint directory");
            }
            out.printf("resuming from the checkpoint %s%n", checkpoint.get());
            job.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.get().toUri().toString());
            try (EmbeddedKafka kafka = EmbeddedKafka.startIn(dir.kafka())) {
                result =
                        execute(
                                job,
                                kafka,
                                earlier.get().summary(),
                                dir.checkpoints(),
                                checkpoint.get(),
                                start);
            }
        } else {
            dir.clear();
            try (EmbeddedKafka kafka = EmbeddedKafka.startIn(dir.kafka())) {
                HistoryPublisher.Summary published =
                        publish(fingerprint.hashing(events), kafka, job);
                dir.writePublished(new ReplayDirectory.Published(fingerprint.value(), published));
                result = execute(job, kafka, published, dir.checkpoints(), null, start);
            }
        }
        dir.clearCheckpoints();
        return result;
    }

    /** Creates the topics and publishes the events into them. */
    private HistoryPublisher.Summary publish(
            Iterable<ChangeEvent> events, EmbeddedKafka kafka, Configuration job) {
        kafka.createTopics(
                job.get(CoreOptions.DEFAULT_PARALLELISM),
                job.get(PipelineOptions.ORDERS_TOPIC),
                job.get(PipelineOptions.ORDER_ITEMS_TOPIC),
                job.get(PipelineOptions.COUPONS_TOPIC),
                job.get(PipelineOptions.CUSTOMERS_TOPIC),
                job.get(PipelineOptions.DEAD_LETTER_TOPIC),
                job.get(PipelineOptions.REMINDERS_TOPIC),
                job.get(PipelineOptions.LIFECYCLE_TOPIC),
                job.get(PipelineOptions.ORDER_ALERTS_TOPIC),
                job.get(PipelineOptions.ABUSE_ALERTS_TOPIC));
        HistoryPublisher.Summary published =
                new HistoryPublisher(kafka.bootstrapServers())
                        .publish(
                                events,
                                PROGRESS_EVERY_EVENTS,
                                p ->
                                        out.printf(
                                                "published %,d change events (up to %s)%n",
                                                p.events(), p.eventTime()));
        out.printf(
                "published %,d change events %s; running the pipeline%n",
                published.events(), published.eventsPerTopic());
        return published;
    }

    /** Runs the bounded job over what {@code kafka} holds, to its end. */
    private Result execute(
            Configuration job,
            EmbeddedKafka kafka,
            HistoryPublisher.Summary published,
            Path checkpoints,
            Path resumedFrom,
            long start)
            throws Exception {
        job.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        int parallelism = job.get(CoreOptions.DEFAULT_PARALLELISM);
        if (!job.contains(LifecycleOptions.EVENT_TIME_END) && published.latestEventTime() != null) {
            // The end of a bounded history is not the end of time: timers due later stay.
            job.set(LifecycleOptions.EVENT_TIME_END, published.latestEventTime().toString());
        }
        String runId = injectFailures(job, published);
        checkpointLocally(job, checkpoints);
        try {
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(parallelism, job);
            RepurchaseJob.build(env, job, true);
            JobClient client = env.executeAsync("Repurchase replay");
            awaitEnd(client, JdbcConnection.from(job), start);
            int failures = FailureInjector.failuresOf(runId);
            if (failures > 0) {
                out.printf("recovered from %d injected failures%n", failures);
            }
            return new Result(
                    published, Duration.ofNanos(System.nanoTime() - start), failures, resumedFrom);
        } finally {
            FailureInjector.forget(runId);
        }
    }

    /**
     * Gives the failures asked for ({@code fault-injection.failures}) a run id of their own and, if
     * not configured, spreads them over the whole replay: at random points within the number of
     * events published.
     */
    private static String injectFailures(Configuration job, HistoryPublisher.Summary published) {
        String runId = UUID.randomUUID().toString();
        if (job.get(FailureInjector.FAILURES) > 0) {
            job.set(FailureInjector.RUN_ID, runId);
            if (!job.contains(FailureInjector.WITHIN_RECORDS)) {
                job.set(FailureInjector.WITHIN_RECORDS, Math.max(1, published.events()));
            }
        }
        return runId;
    }

    /**
     * Checkpoints (exactly-once trigger delivery commits its Kafka transactions on them) to a local
     * directory, and the cluster job's restart strategy ({@link ClusterDefaults#RESTART_STRATEGY}),
     * unless the configuration says otherwise.
     */
    public static void checkpointLocally(Configuration job, Path directory) {
        if (!job.contains(CheckpointingOptions.CHECKPOINTING_INTERVAL)) {
            job.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, CHECKPOINT_INTERVAL);
        }
        if (!job.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)) {
            job.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            job.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, directory.toUri().toString());
        }
        if (!job.contains(RestartStrategyOptions.RESTART_STRATEGY)) {
            job.set(RestartStrategyOptions.RESTART_STRATEGY, ClusterDefaults.RESTART_STRATEGY);
        }
    }

    /** Waits for the bounded job to finish, printing progress; rethrows its failure. */
    private void awaitEnd(JobClient client, JdbcConnection sink, long start) throws Exception {
        CompletableFuture<JobExecutionResult> end = client.getJobExecutionResult();
        while (true) {
            try {
                end.get(PROGRESS_EVERY_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException stillRunning) {
                out.printf(
                        "running %ds: %s customer profiles written%n",
                        Duration.ofNanos(System.nanoTime() - start).toSeconds(),
                        profilesWritten(sink));
            }
        }
    }

    private static String profilesWritten(JdbcConnection sink) {
        try (Connection c = sink.open();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM customer_profile")) {
            r.next();
            return String.format("%,d", r.getLong(1));
        } catch (SQLException e) {
            return "?";
        }
    }
}
