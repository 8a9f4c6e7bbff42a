package dev.repurchase.jobs.replay;

import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.jobs.RepurchaseJob;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.embedded.EmbeddedKafka;
import dev.repurchase.jobs.sink.JdbcConnection;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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

    public Result run(Iterable<ChangeEvent> events) throws Exception {
        long start = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Configuration job = new Configuration(config);
            job.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            int parallelism = job.get(CoreOptions.DEFAULT_PARALLELISM);
            kafka.createTopics(
                    parallelism,
                    job.get(PipelineOptions.ORDERS_TOPIC),
                    job.get(PipelineOptions.ORDER_ITEMS_TOPIC),
                    job.get(PipelineOptions.DEAD_LETTER_TOPIC));

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
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(parallelism, job);
            if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
                // Exactly-once trigger delivery commits its Kafka transactions on checkpoints.
                env.enableCheckpointing(CHECKPOINT_INTERVAL.toMillis());
            }
            RepurchaseJob.build(env, job, true);
            JobClient client = env.executeAsync("Repurchase replay");
            awaitEnd(client, JdbcConnection.from(job), start);
            return new Result(published, Duration.ofNanos(System.nanoTime() - start));
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
