package dev.repurchase.jobs.replay;

import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.jobs.RepurchaseJob;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.embedded.EmbeddedKafka;
import dev.repurchase.jobs.sink.JdbcConnection;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

/**
 * Replays change events through the real pipeline: an in-process Kafka broker receives them as the
 * order system's CDC topics, and the job graph runs on a local MiniCluster with bounded sources, so
 * it ends by itself once every event is processed, leaving the sink tables final.
 */
public final class HistoryReplay {

    /** What a replay did. */
    public record Result(HistoryPublisher.Summary published, Duration elapsed) {}

    private static final long PROGRESS_EVERY_EVENTS = 100_000;
    private static final long PROGRESS_EVERY_MILLIS = 5_000;
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    private final Configuration config;
    private final PrintStream out;

    /**
     * @param config the job configuration; the Kafka options are set to the embedded broker
     * @param out where progress lines go
     */
    public HistoryReplay(Configuration config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /** Replays the events through a broker of its own, stopped at the end. */
    public Result run(Iterable<ChangeEvent> events) throws Exception {
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
            job.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            int parallelism = job.get(CoreOptions.DEFAULT_PARALLELISM);
            kafka.createTopics(
                    parallelism,
                    job.get(PipelineOptions.ORDERS_TOPIC),
                    job.get(PipelineOptions.ORDER_ITEMS_TOPIC),
                    job.get(PipelineOptions.DEAD_LETTER_TOPIC),
                    job.get(PipelineOptions.REMINDERS_TOPIC),
                    job.get(PipelineOptions.LIFECYCLE_TOPIC));

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

            if (!job.contains(LifecycleOptions.EVENT_TIME_END)
                    && published.latestEventTime() != null) {
                // The end of a bounded history is not the end of time: timers due later stay.
                job.set(LifecycleOptions.EVENT_TIME_END, published.latestEventTime().toString());
            }
            checkpointLocally(job, checkpoints);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(parallelism, job);
            RepurchaseJob.build(env, job, true);
            JobClient client = env.executeAsync("Repurchase replay");
            awaitEnd(client, JdbcConnection.from(job), start);
            return new Result(published, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            FileUtils.deleteDirectoryQuietly(checkpoints.toFile());
        }
    }

    /**
     * Checkpoints (exactly-once trigger delivery commits its Kafka transactions on them) to a local
     * directory, and a bounded number of restarts, unless the configuration says otherwise.
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
            job.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            job.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            job.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                    Duration.ofSeconds(1));
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
