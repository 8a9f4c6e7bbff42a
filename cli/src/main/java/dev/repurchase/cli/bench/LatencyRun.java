package dev.repurchase.cli.bench;

import dev.repurchase.cli.replay.ChangeEvent;
import dev.repurchase.cli.replay.DebeziumChangeFeed;
import dev.repurchase.cli.replay.OrderHistory;
import dev.repurchase.cli.replay.OrderRow;
import dev.repurchase.common.config.LifecycleOptions;
import dev.repurchase.common.order.OrderStatus;
import dev.repurchase.jobs.config.PipelineOptions;
import dev.repurchase.jobs.sink.SchemaInstaller;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.util.FileUtils;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Latency of the live job at a fixed input rate. A feeder publishes the shop's change events at
 * {@code rate} per second as if they happened now (commit time {@code source.ts_ms} = wall clock,
 * row timestamps moved along: see {@link #happeningAt}), and after a warm-up, a few markers per
 * second:
 *
 * <ul>
 *   <li>a <b>metric marker</b>: a paid order of a new customer in a region of its own; its latency
 *       runs from its commit time until its {@code metric_period} row can be read (the table is
 *       polled every 10 ms);
 *   <li>a <b>trigger marker</b>: a paid order committed now whose purchase time lies {@code cycle -
 *       lead} days back, so its REPLENISH_REMINDER is due one second after the commit. It fires
 *       when event time passes the due time; its latency runs from the commit time of the message
 *       that made it due (see {@link CommitLog}) until the trigger is read from the reminders
 *       topic, and is reported from the due time too (that adds the watermark's out-of-orderness).
 * </ul>
 *
 * At-least-once: checkpoints in AT_LEAST_ONCE mode and a read_uncommitted consumer, which sees a
 * trigger as soon as the sink has written it. Exactly-once: EXACTLY_ONCE checkpoints and a
 * read_committed consumer, which sees it when the checkpoint after it commits the sink's
 * transaction.
 */
final class LatencyRun {

    /**
     * @param liveMaximum the rate at which the machine (job, broker and feeder together) would be
     *     saturated, extrapolated from its load at the starting rate
     * @param targetRate the rate of the window: half the live maximum, or the starting rate if that
     *     is lower
     */
    record Figures(
            String mode,
            double liveMaximum,
            double targetRate,
            double achievedRate,
            Duration window,
            double machineCores,
            double foreignCores,
            Percentiles metricRow,
            int metricMissing,
            Percentiles triggerFromCause,
            Percentiles triggerFromDue,
            int triggerMissing,
            boolean keptUp) {}

    private static final String METRIC_MARKER = "bench-mk-";
    private static final String TRIGGER_MARKER = "bench-tr-";
    private static final long DUE_AFTER_COMMIT_MILLIS = 1_000;
    private static final long DAY = 86_400_000L;

    /** How long a job a little behind may take after the window, at most. */
    private static final Duration MAX_CATCH_UP = Duration.ofSeconds(15);

    private LatencyRun() {}

    /**
     * The most change events a run at {@code rate} publishes: through the warm-up, the window and
     * the longest drain. The shop's feed must hold them.
     */
    static long mostEvents(
            double rate,
            Duration warmUp,
            Duration window,
            Duration checkpointInterval,
            Duration outOfOrderness) {
        // Two warm-ups at most: at the starting rate, and again if the rate is lowered to half
        // load.
        Duration feeding =
                warmUp.multipliedBy(2)
                        .plus(window)
                        .plus(longestDrain(window, checkpointInterval, outOfOrderness));
        return (long) Math.ceil(rate * feeding.toMillis() / 1000.0);
    }

    /**
     * After the window the feed goes on until every marker is seen, at most this long: the
     * checkpoint interval (exactly-once), the out-of-orderness (event time must pass the last due
     * time) and the window again, up to 15 s, for a job a little behind.
     */
    private static Duration longestDrain(
            Duration window, Duration checkpointInterval, Duration outOfOrderness) {
        return checkpointInterval
                .plus(outOfOrderness)
                .plus(window.compareTo(MAX_CATCH_UP) < 0 ? window : MAX_CATCH_UP);
    }

    static Figures run(
            BenchKafka kafka,
            BenchDatabase database,
            BenchShop shop,
            CheckpointingMode mode,
            double rate,
            Duration warmUp,
            Duration window,
            double markersPerSecond,
            Duration checkpointInterval,
            Map<String, String> jobOptions)
            throws Exception {
        String run = kafka.newRunName();
        DebeziumChangeFeed.Topics input = kafka.createInputTopics(run + "-live", 2);
        kafka.createOutputTopics(run, 2);
        String schema = database.createSchema();
        Path work = Files.createTempDirectory("bench-" + run + "-");
        Configuration config =
                LocalFlink.jobConfig(
                        kafka.bootstrapServers(),
                        input,
                        run,
                        database.urlFor(schema),
                        2,
                        mode,
                        checkpointInterval,
                        work,
                        null,
                        jobOptions);
        long outOfOrderness = config.get(PipelineOptions.WATERMARK_OUT_OF_ORDERNESS).toMillis();
        long backDate =
                (config.get(LifecycleOptions.DEFAULT_CYCLE_DAYS)
                                - config.get(LifecycleOptions.LEAD_DAYS))
                        * DAY;
        boolean exactlyOnce = mode == CheckpointingMode.EXACTLY_ONCE;
        try (LocalFlink flink = LocalFlink.start(config)) {
            var graph = flink.jobGraph(LocalFlink.repurchaseJob(false), "bench live " + mode);
            try (Connection c = database.connect(schema);
                    Statement s = c.createStatement()) {
                // The sinks create the tables when they open; the index must be there before.
                SchemaInstaller.install(c);
                s.execute("CREATE INDEX bench_marker ON metric_period (dimension_value)");
            }
            JobID job = flink.submit(graph);
            awaitRunning(flink, job);

            CommitLog commits = new CommitLog();
            Map<String, Long> metricCommit = new ConcurrentHashMap<>();
            Map<String, Long> metricSeen = new ConcurrentHashMap<>();
            Map<String, Long> triggerDue = new ConcurrentHashMap<>();
            Map<String, Long> triggerSeen = new ConcurrentHashMap<>();

            MetricPoller poller = new MetricPoller(database, schema, metricCommit, metricSeen);
            TriggerReader reader =
                    new TriggerReader(
                            kafka.bootstrapServers(), run + "-reminders", exactlyOnce, triggerSeen);
            poller.start();
            reader.start();

            Feeder feeder =
                    new Feeder(kafka.bootstrapServers(), shop, input, rate, commits, metricCommit);
            feeder.start();
            double liveMaximum = halfLoad(feeder, warmUp);

            Machine.CpuTime cpuStart = Machine.CpuTime.now();
            long windowStartSent = feeder.sent();
            long windowEnd = System.nanoTime() + window.toNanos();
            long markerGap = (long) (1e9 / markersPerSecond);
            int k = 0;
            long next = System.nanoTime();
            while (System.nanoTime() < windowEnd) {
                long now = System.currentTimeMillis();
                String metricId = METRIC_MARKER + run + "-" + k;
                feeder.marker(marker(metricId, metricId, Instant.ofEpochMilli(now)), metricId);
                long due = System.currentTimeMillis() + DUE_AFTER_COMMIT_MILLIS;
                String triggerId = TRIGGER_MARKER + run + "-" + k;
                triggerDue.put(triggerId, due);
                feeder.marker(
                        marker(triggerId, "east", Instant.ofEpochMilli(due - backDate)), null);
                k++;
                next += markerGap;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    LockSupport.parkNanos(sleep);
                }
            }
            Machine.CpuTime cpuEnd = Machine.CpuTime.now();
            double achieved =
                    (feeder.sent() - windowStartSent)
                            / ((cpuEnd.wallNanos() - cpuStart.wallNanos()) / 1e9);

            // Drain: a job that fell behind further than the longest drain is reported so.
            long drainEnd =
                    System.nanoTime()
                            + longestDrain(
                                            window,
                                            checkpointInterval,
                                            Duration.ofMillis(outOfOrderness))
                                    .toNanos();
            while (System.nanoTime() < drainEnd
                    && (metricSeen.size() < metricCommit.size()
                            || triggerSeen.size() < triggerDue.size())) {
                Thread.sleep(50);
            }
            feeder.stop();
            poller.stop();
            reader.stop();
            flink.cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
            if (feeder.failure() != null) {
                throw new IllegalStateException("the live feeder failed", feeder.failure());
            }

            List<Long> metric = new ArrayList<>();
            List<long[]> metricInOrder = new ArrayList<>();
            metricCommit.forEach(
                    (id, commit) -> {
                        Long seen = metricSeen.get(id);
                        if (seen != null) {
                            metric.add(seen - commit);
                            metricInOrder.add(new long[] {commit, seen - commit});
                        }
                    });
            List<Long> fromCause = new ArrayList<>();
            List<Long> fromDue = new ArrayList<>();
            triggerDue.forEach(
                    (id, due) -> {
                        Long seen = triggerSeen.get(id);
                        if (seen != null) {
                            fromDue.add(seen - due);
                            long cause = commits.enablingCommit(due, outOfOrderness);
                            if (cause >= 0) {
                                fromCause.add(seen - cause);
                            }
                        }
                    });
            return new Figures(
                    exactlyOnce ? "exactly-once" : "at-least-once",
                    liveMaximum,
                    feeder.rate(),
                    achieved,
                    window,
                    cpuEnd.machineCoresSince(cpuStart, Runtime.getRuntime().availableProcessors()),
                    cpuEnd.foreignCoresSince(cpuStart, Runtime.getRuntime().availableProcessors()),
                    Percentiles.of(toArray(metric)),
                    metricCommit.size() - metric.size(),
                    Percentiles.of(toArray(fromCause)),
                    Percentiles.of(toArray(fromDue)),
                    triggerDue.size() - fromDue.size(),
                    keptUp(metricInOrder, metricCommit.size()));
        } finally {
            database.dropSchema(schema);
            kafka.deleteOutputTopics(run);
            kafka.deleteInputTopics(input);
            FileUtils.deleteDirectoryQuietly(work.toFile());
        }
    }

    /**
     * True if the job kept up with the feed: at most 2% of the metric markers missing, and the
     * median latency of the last third of them at most twice that of the first third plus a second
     * (a job falling behind shows latencies growing through the window).
     *
     * @param seen {commit time, latency} of each metric marker seen
     */
    static boolean keptUp(List<long[]> seen, int sent) {
        if (sent == 0 || seen.size() < 0.98 * sent) {
            return false;
        }
        List<long[]> inOrder = new ArrayList<>(seen);
        inOrder.sort(java.util.Comparator.comparingLong(m -> m[0]));
        int third = Math.max(1, inOrder.size() / 3);
        long first =
                Percentiles.of(inOrder.subList(0, third).stream().mapToLong(m -> m[1]).toArray())
                        .p50();
        long last =
                Percentiles.of(
                                inOrder.subList(inOrder.size() - third, inOrder.size()).stream()
                                        .mapToLong(m -> m[1])
                                        .toArray())
                        .p50();
        return last <= 2 * first + 1_000;
    }

    /** A paid order of a new customer, purchased at {@code purchasedAt}, with no lines. */
    static ChangeEvent marker(String customerId, String region, Instant purchasedAt) {
        OrderRow order =
                new OrderRow(
                        customerId + "-1",
                        customerId,
                        OrderStatus.PAID,
                        new BigDecimal("88.00"),
                        "CNY",
                        "app",
                        region,
                        null,
                        null,
                        purchasedAt,
                        purchasedAt,
                        null,
                        null,
                        null,
                        null,
                        BigDecimal.ZERO,
                        null,
                        null,
                        purchasedAt,
                        null,
                        null,
                        null);
        return DebeziumChangeFeed.of(new OrderHistory(List.of(order), List.of())).iterator().next();
    }

    private static final Pattern INSTANT =
            Pattern.compile("\"(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z)\"");

    /** The message with its commit time ({@code ts_ms}, source and envelope) set to {@code now}. */
    static String committedAt(ChangeEvent event, long now) {
        return event.value()
                .replace("\"ts_ms\":" + event.eventTime().toEpochMilli(), "\"ts_ms\":" + now);
    }

    /**
     * The message as if it happened {@code now}: commit time {@code now}, and every timestamp of
     * its row images moved by as much as its commit time moved. A history replayed at a fixed rate
     * then looks like a live shop: purchases are made now, and triggers fall due in the future
     * (intervals between a customer's orders shrink by the speed-up, so they are not realistic).
     */
    static String happeningAt(ChangeEvent event, long now) {
        long shift = now - event.eventTime().toEpochMilli();
        Matcher m = INSTANT.matcher(committedAt(event, now));
        StringBuilder shifted = new StringBuilder(event.value().length() + 16);
        while (m.find()) {
            m.appendReplacement(shifted, "\"" + Instant.parse(m.group(1)).plusMillis(shift) + "\"");
        }
        m.appendTail(shifted);
        return shifted.toString();
    }

    /**
     * Warms up at the feeder's starting rate (half the replay's throughput) and measures the
     * machine's load over the warm-up's second half. The live job costs more per event than the
     * replay, and the broker and the feeder share the machine with it, so that rate may load the
     * machine well beyond half: the rate is then lowered to half the live maximum (extrapolated
     * linearly from that load) and the warm-up is run again.
     *
     * @return the live maximum
     */
    private static double halfLoad(Feeder feeder, Duration warmUp) throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        Thread.sleep(warmUp.toMillis() / 2);
        Machine.CpuTime start = Machine.CpuTime.now();
        long sent = feeder.sent();
        Thread.sleep(warmUp.toMillis() - warmUp.toMillis() / 2);
        Machine.CpuTime end = Machine.CpuTime.now();
        double rate = (feeder.sent() - sent) / ((end.wallNanos() - start.wallNanos()) / 1e9);
        double liveMaximum = rate * cores / Math.max(0.01, end.machineCoresSince(start, cores));
        if (feeder.rate() > liveMaximum / 2) {
            feeder.setRate(liveMaximum / 2);
            Thread.sleep(warmUp.toMillis());
        }
        return liveMaximum;
    }

    private static void awaitRunning(LocalFlink flink, JobID job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            boolean running = true;
            for (AccessExecutionVertex task :
                    flink.cluster.getExecutionGraph(job).get().getAllExecutionVertices()) {
                running &= task.getExecutionState() == ExecutionState.RUNNING;
            }
            if (running) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the live job did not start within 60 s");
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Publishes the shop's change events at a fixed rate with commit time = wall clock, and the
     * markers it is handed in between.
     */
    private static final class Feeder {
        private final KafkaProducer<byte[], byte[]> producer;
        private final Iterator<ChangeEvent> events;

        /** Events due since {@code since}: {@code base + rate * (now - since)}. */
        private record Pace(long since, long base, double rate) {}

        private volatile Pace pace;
        private final CommitLog commits;
        private final Map<String, Long> markerCommits;
        private final String ordersTopic;
        private final Queue<Marker> markers = new ConcurrentLinkedQueue<>();
        private volatile boolean running = true;
        private volatile long sent;
        private volatile Exception failure;
        private Thread thread;

        Feeder(
                String bootstrapServers,
                BenchShop shop,
                DebeziumChangeFeed.Topics topics,
                double rate,
                CommitLog commits,
                Map<String, Long> markerCommits) {
            this.markerCommits = markerCommits;
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            this.producer = new KafkaProducer<>(config);
            this.events = shop.feed(topics).iterator();
            this.pace = new Pace(System.nanoTime(), 0, rate);
            this.commits = commits;
            this.ordersTopic = topics.orders();
        }

        /** A marker message; {@code id} non-null records its commit time under it. */
        private record Marker(ChangeEvent event, String id) {}

        void start() {
            thread = new Thread(this::feed, "bench-live-feeder");
            thread.setDaemon(true);
            thread.start();
        }

        /** Queues a marker message; {@code id} non-null records its commit time under it. */
        void marker(ChangeEvent event, String id) {
            markers.add(new Marker(event, id));
        }

        double rate() {
            return pace.rate();
        }

        /** Goes on at {@code rate} from now. */
        void setRate(double rate) {
            pace = new Pace(System.nanoTime(), sent, rate);
        }

        private void feed() {
            try {
                while (running) {
                    Pace now = pace;
                    long due =
                            now.base()
                                    + (long) ((System.nanoTime() - now.since()) / 1e9 * now.rate());
                    while (sent < due && events.hasNext() && running) {
                        send(events.next(), null, false);
                        sent++;
                    }
                    Marker marker;
                    while ((marker = markers.poll()) != null) {
                        send(marker.event(), marker.id(), true);
                    }
                    if (!events.hasNext()) {
                        throw new IllegalStateException(
                                "the shop's feed ran out after " + sent + " events");
                    }
                    LockSupport.parkNanos(500_000);
                }
            } catch (Exception e) {
                failure = e;
            }
        }

        private void send(ChangeEvent event, String markerId, boolean marker) {
            long now = System.currentTimeMillis();
            int partition = PublishedFeed.partition(event.orderId(), 2);
            String target =
                    event.topic().equals(DebeziumChangeFeed.Topics.DEFAULT.orders())
                            ? ordersTopic
                            : event.topic();
            producer.send(
                    new ProducerRecord<>(
                            target,
                            partition,
                            event.key().getBytes(StandardCharsets.UTF_8),
                            (marker ? committedAt(event, now) : happeningAt(event, now))
                                    .getBytes(StandardCharsets.UTF_8)));
            commits.add(target, partition, now);
            if (markerId != null) {
                markerCommits.put(markerId, now);
            }
        }

        long sent() {
            return sent;
        }

        Exception failure() {
            return failure;
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** Polls {@code metric_period} for the regions of the markers not seen yet. */
    private static final class MetricPoller {
        private final BenchDatabase database;
        private final String schema;
        private final Map<String, Long> commits;
        private final Map<String, Long> seen;
        private volatile boolean running = true;
        private Thread thread;

        MetricPoller(
                BenchDatabase database,
                String schema,
                Map<String, Long> commits,
                Map<String, Long> seen) {
            this.database = database;
            this.schema = schema;
            this.commits = commits;
            this.seen = seen;
        }

        void start() {
            thread = new Thread(this::poll, "bench-metric-poller");
            thread.setDaemon(true);
            thread.start();
        }

        private void poll() {
            try (Connection c = database.connect(schema);
                    PreparedStatement s =
                            c.prepareStatement(
                                    "SELECT DISTINCT dimension_value FROM metric_period"
                                            + " WHERE dimension_value = ANY(?)")) {
                while (running) {
                    List<String> pending = new ArrayList<>();
                    commits.keySet()
                            .forEach(
                                    id -> {
                                        if (!seen.containsKey(id)) {
                                            pending.add(id);
                                        }
                                    });
                    if (!pending.isEmpty()) {
                        Array ids = c.createArrayOf("varchar", pending.toArray());
                        s.setArray(1, ids);
                        try (ResultSet r = s.executeQuery()) {
                            long now = System.currentTimeMillis();
                            while (r.next()) {
                                seen.putIfAbsent(r.getString(1), now);
                            }
                        }
                    }
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                if (running) {
                    System.err.println("bench: metric poller stopped: " + e.getMessage());
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }
    }

    /** Reads the reminders topic and notes when each trigger marker's first reminder arrives. */
    private static final class TriggerReader {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<String, Long> seen;
        private volatile boolean running = true;
        private Thread thread;

        TriggerReader(
                String bootstrapServers,
                String topic,
                boolean readCommitted,
                Map<String, Long> seen) {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    readCommitted ? "read_committed" : "read_uncommitted");
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            this.consumer = new KafkaConsumer<>(config);
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            this.seen = seen;
        }

        void start() {
            thread = new Thread(this::read, "bench-trigger-reader");
            thread.setDaemon(true);
            thread.start();
        }

        private void read() {
            try {
                while (running) {
                    var records = consumer.poll(Duration.ofMillis(20));
                    long now = System.currentTimeMillis();
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        String customer =
                                r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                        if (customer.startsWith(TRIGGER_MARKER)) {
                            seen.putIfAbsent(customer, now);
                        }
                    }
                }
            } finally {
                consumer.close();
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }
    }
}
