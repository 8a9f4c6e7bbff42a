package dev.repurchase.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.FailedCheckpointStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.executiongraph.IOMetrics;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.util.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One timed run of a job (the real one, or the {@link FloorJob}), bounded, over a feed already in
 * Kafka: from submission to the end of the job (publishing is not part of it), with exactly-once
 * checkpoints on RocksDB. While it runs, every completed checkpoint's full state size is read from
 * the cluster together with the Kafka offsets it committed, which say how many customers the
 * checkpoint has seen.
 */
final class PipelineRun {

    /** A completed checkpoint taken while every task was running, and what it had seen. */
    record Checkpoint(
            long id,
            long fullBytes,
            long checkpointedBytes,
            long bytesOnDisk,
            int customers,
            Map<String, Long> bytesPerVertex) {

        double bytesPerCustomer() {
            return (double) fullBytes / customers;
        }
    }

    /**
     * What one vertex (a chain of operators) did over the run, summed over its subtasks: records,
     * busy time (which includes waiting for a core) and the CPU time of its task threads.
     */
    record Vertex(
            String name,
            int parallelism,
            long recordsIn,
            long recordsOut,
            long busyMillis,
            long backPressuredMillis,
            long idleMillis,
            double cpuSeconds) {}

    record Figures(
            String label,
            int parallelism,
            long events,
            int customers,
            Duration wall,
            double machineCores,
            double jvmCores,
            double postgresCores,
            double foreignCores,
            String stateBackend,
            int checkpointsCompleted,
            int checkpointsFailed,
            Set<String> checkpointFailures,
            Checkpoint lastCheckpoint,
            List<Vertex> vertices,
            Map<String, Double> cpuBesideTasks,
            Map<String, Long> tableRows) {

        double eventsPerSecond() {
            return events / (wall.toNanos() / 1e9);
        }

        /** Events per second per core, counting every core of the machine as used. */
        double eventsPerSecondPerCore(int cores) {
            return eventsPerSecond() / cores;
        }

        double taskCpuSeconds() {
            return vertices.stream().mapToDouble(Vertex::cpuSeconds).sum();
        }

        /**
         * Where this JVM's CPU time went: the task threads, the other Java threads, GC, the JIT
         * compilers, RocksDB's background threads and the rest (other native threads).
         */
        String cpuSummary() {
            StringBuilder summary =
                    new StringBuilder(
                            String.format(Locale.ROOT, "task threads %.1f s", taskCpuSeconds()));
            double rest = jvmCores * wall.toNanos() / 1e9 - taskCpuSeconds();
            for (Map.Entry<String, Double> part : cpuBesideTasks.entrySet()) {
                summary.append(
                        String.format(Locale.ROOT, ", %s %.1f s", part.getKey(), part.getValue()));
                rest -= part.getValue();
            }
            return summary.append(String.format(Locale.ROOT, ", the rest of the JVM %.1f s", rest))
                    .toString();
        }

        /**
         * The prediction's refits in this run: the models its fit emitted, its vertex's CPU time
         * per model and its state per customer; null for a job without the fit.
         */
        String predictionFits() {
            Vertex fit =
                    vertices.stream()
                            .filter(v -> v.name().startsWith(PREDICTION_FIT))
                            .findFirst()
                            .orElse(null);
            if (fit == null || fit.recordsOut() == 0) {
                return null;
            }
            String state = "";
            if (lastCheckpoint != null) {
                long bytes =
                        lastCheckpoint.bytesPerVertex().entrySet().stream()
                                .filter(e -> e.getKey().startsWith(PREDICTION_FIT))
                                .mapToLong(Map.Entry::getValue)
                                .sum();
                state =
                        String.format(
                                Locale.ROOT,
                                ", its state %.1f B per customer",
                                (double) bytes / lastCheckpoint.customers());
            }
            return String.format(
                    Locale.ROOT,
                    "prediction fit: %d models, %.1f s CPU of its vertex, %.2f s per model%s",
                    fit.recordsOut(),
                    fit.cpuSeconds(),
                    fit.cpuSeconds() / fit.recordsOut(),
                    state);
        }

        /** The cores the pipeline used: this JVM (broker, job) and PostgreSQL (the sinks). */
        double pipelineCores() {
            return jvmCores + postgresCores;
        }

        /**
         * Events per second per core used = events / (wall seconds × cores the pipeline used):
         * events per CPU second of the JVM and PostgreSQL, which other processes on the machine do
         * not change much (they stretch the wall time, not the work).
         */
        double eventsPerCoreUsed() {
            return pipelineCores() <= 0 ? Double.NaN : eventsPerSecond() / pipelineCores();
        }
    }

    /** The name of the prediction fit's vertex starts with its operator's name. */
    private static final String PREDICTION_FIT = "Prediction fit";

    private static final List<String> TABLES =
            List.of("metric_period", "cohort_retention", "customer_profile", "trigger_log");

    private PipelineRun() {}

    static Figures run(
            BenchKafka kafka,
            BenchDatabase database,
            PublishedFeed feed,
            LocalFlink.JobDefinition job,
            String label,
            int parallelism,
            Duration checkpointInterval,
            Map<String, String> jobOptions,
            JfrProfile profile)
            throws Exception {
        String run = kafka.newRunName();
        kafka.createOutputTopics(run, parallelism);
        String schema = database.createSchema();
        Path work = Files.createTempDirectory("bench-" + run + "-");
        try (LocalFlink flink =
                        LocalFlink.start(
                                LocalFlink.jobConfig(
                                        kafka.bootstrapServers(),
                                        feed.topics,
                                        run,
                                        database.urlFor(schema),
                                        parallelism,
                                        CheckpointingMode.EXACTLY_ONCE,
                                        checkpointInterval,
                                        work,
                                        feed.latestEventTime,
                                        jobOptions));
                Admin admin = kafka.admin()) {
            JobGraph graph = flink.jobGraph(job, "bench " + label);
            CheckpointWatch watch = new CheckpointWatch(flink, admin, run, feed, work);
            ThreadCpu threadCpu = ThreadCpu.start();
            if (profile != null) {
                profile.start();
            }
            Machine.CpuTime cpuStart = Machine.CpuTime.now();
            JobID id = flink.submit(graph);
            watch.start(id);
            JobResult result = flink.cluster.requestJobResult(id).get();
            Machine.CpuTime cpuEnd = Machine.CpuTime.now();
            if (profile != null) {
                profile.stop();
            }
            watch.stop();
            if (!result.isSuccess()) {
                Throwable failure =
                        result.getSerializedThrowable()
                                .map(t -> t.deserializeError(PipelineRun.class.getClassLoader()))
                                .orElse(new IllegalStateException("job did not succeed"));
                throw new IllegalStateException("benchmark job " + label + " failed", failure);
            }
            AccessExecutionGraph done = flink.cluster.getArchivedExecutionGraph(id).get();
            int cores = Runtime.getRuntime().availableProcessors();
            var counts = done.getCheckpointStatsSnapshot().getCounts();
            Map<String, Double> cpuByTask = threadCpu.stop();
            return new Figures(
                    label,
                    parallelism,
                    feed.events,
                    feed.customers(),
                    Duration.ofNanos(cpuEnd.wallNanos() - cpuStart.wallNanos()),
                    cpuEnd.machineCoresSince(cpuStart, cores),
                    cpuEnd.selfCoresSince(cpuStart, cores),
                    cpuEnd.postgresCoresSince(cpuStart, cores),
                    cpuEnd.foreignCoresSince(cpuStart, cores),
                    done.getStateBackendName().orElse("?"),
                    (int) counts.getNumberOfCompletedCheckpoints(),
                    (int) counts.getNumberOfFailedCheckpoints(),
                    checkpointFailures(done),
                    watch.last(),
                    vertices(done, cpuByTask),
                    besideTasks(cpuByTask),
                    tableRows(database, schema));
        } finally {
            database.dropSchema(schema);
            kafka.deleteOutputTopics(run);
            FileUtils.deleteDirectoryQuietly(work.toFile());
        }
    }

    /** Why checkpoints failed, each reason once. */
    private static Set<String> checkpointFailures(AccessExecutionGraph graph) {
        Set<String> reasons = new TreeSet<>();
        for (AbstractCheckpointStats checkpoint :
                graph.getCheckpointStatsSnapshot().getHistory().getCheckpoints()) {
            if (checkpoint instanceof FailedCheckpointStats failed
                    && failed.getFailureMessage() != null) {
                reasons.add(failed.getFailureMessage());
            }
        }
        return reasons;
    }

    private static Map<String, Double> besideTasks(Map<String, Double> cpuByTask) {
        Map<String, Double> beside = new LinkedHashMap<>();
        for (String part :
                List.of(ThreadCpu.OTHER, ThreadCpu.GC, ThreadCpu.JIT, ThreadCpu.ROCKSDB)) {
            beside.put(part, cpuByTask.getOrDefault(part, 0.0));
        }
        return beside;
    }

    private static List<Vertex> vertices(
            AccessExecutionGraph graph, Map<String, Double> cpuByTask) {
        List<Vertex> vertices = new ArrayList<>();
        for (AccessExecutionJobVertex v : graph.getVerticesTopologically()) {
            long in = 0;
            long out = 0;
            double busy = 0;
            long back = 0;
            long idle = 0;
            for (AccessExecutionVertex task : v.getTaskVertices()) {
                IOMetrics io = task.getCurrentExecutionAttempt().getIOMetrics();
                if (io != null) {
                    in += io.getNumRecordsIn();
                    out += io.getNumRecordsOut();
                    busy += Math.max(0, io.getAccumulateBusyTime());
                    back += io.getAccumulateBackPressuredTime();
                    idle += io.getAccumulateIdleTime();
                }
            }
            vertices.add(
                    new Vertex(
                            v.getName(),
                            v.getParallelism(),
                            in,
                            out,
                            (long) busy,
                            back,
                            idle,
                            cpuByTask.getOrDefault(v.getName(), 0.0)));
        }
        return vertices;
    }

    private static Map<String, Long> tableRows(BenchDatabase database, String schema)
            throws Exception {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = database.connect(schema);
                Statement s = c.createStatement()) {
            Set<String> created = new HashSet<>();
            try (ResultSet r =
                    s.executeQuery(
                            "SELECT table_name FROM information_schema.tables"
                                    + " WHERE table_schema = current_schema()")) {
                while (r.next()) {
                    created.add(r.getString(1));
                }
            }
            for (String table : TABLES) {
                if (!created.contains(table)) {
                    continue; // the floor job writes no tables
                }
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
                    r.next();
                    rows.put(table, r.getLong(1));
                }
            }
        }
        return rows;
    }

    /**
     * Watches a running job's checkpoints. A checkpoint counts only if every task was still running
     * when it completed (a finished task reports no state); the customers it covers are those of
     * the orders messages before the offsets the source committed for it (a second after it
     * completed, long before the next one).
     */
    private static final class CheckpointWatch {
        private final LocalFlink flink;
        private final Admin admin;
        private final String group;
        private final PublishedFeed feed;
        private final Path checkpointDir;
        private volatile boolean running = true;
        private volatile Checkpoint last;
        private Thread thread;

        CheckpointWatch(
                LocalFlink flink, Admin admin, String group, PublishedFeed feed, Path work) {
            this.flink = flink;
            this.admin = admin;
            this.group = group;
            this.feed = feed;
            this.checkpointDir = work.resolve("checkpoints");
        }

        void start(JobID job) {
            thread =
                    new Thread(
                            () -> {
                                long seen = -1;
                                while (running) {
                                    try {
                                        seen = poll(job, seen);
                                        Thread.sleep(250);
                                    } catch (InterruptedException e) {
                                        return;
                                    } catch (Exception e) {
                                        // the job is ending: its graph or offsets are gone
                                    }
                                }
                            },
                            "bench-checkpoint-watch");
            thread.setDaemon(true);
            thread.start();
        }

        private long poll(JobID job, long seen) throws Exception {
            AccessExecutionGraph graph = flink.cluster.getExecutionGraph(job).get();
            CompletedCheckpointStats stats =
                    graph.getCheckpointStatsSnapshot().getHistory().getLatestCompletedCheckpoint();
            if (stats == null || stats.getCheckpointId() == seen) {
                return seen;
            }
            boolean allRunning = true;
            for (AccessExecutionVertex task : graph.getAllExecutionVertices()) {
                allRunning &= task.getExecutionState() == ExecutionState.RUNNING;
            }
            if (!allRunning) {
                return stats.getCheckpointId();
            }
            Map<String, Long> perVertex = new LinkedHashMap<>();
            for (AccessExecutionJobVertex v : graph.getVerticesTopologically()) {
                TaskStateStats task = stats.getTaskStateStats(v.getJobVertexId());
                if (task != null && task.getStateSize() > 0) {
                    perVertex.merge(v.getName(), task.getStateSize(), Long::sum);
                }
            }
            long onDisk = directoryBytes(checkpointDir);
            TimeUnit.SECONDS.sleep(1);
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
            committed.forEach((tp, o) -> offsets.put(tp, o == null ? 0L : o.offset()));
            int customers = feed.customersBefore(offsets);
            // No customers: the source's offset commit for this checkpoint failed (it only logs
            // that), so what the checkpoint covers is unknown; the previous figure stands.
            if (customers > 0) {
                last =
                        new Checkpoint(
                                stats.getCheckpointId(),
                                stats.getStateSize(),
                                stats.getCheckpointedSize(),
                                onDisk,
                                customers,
                                perVertex);
            }
            return stats.getCheckpointId();
        }

        Checkpoint last() {
            return last;
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(5_000);
        }

        private static long directoryBytes(Path dir) {
            try (var files = Files.walk(dir)) {
                return files.mapToLong(
                                f -> {
                                    try {
                                        return Files.isRegularFile(f) ? Files.size(f) : 0;
                                    } catch (java.io.IOException e) {
                                        return 0;
                                    }
                                })
                        .sum();
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return -1;
            }
        }
    }
}
