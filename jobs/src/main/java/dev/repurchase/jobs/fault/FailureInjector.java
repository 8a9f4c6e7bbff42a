package dev.repurchase.jobs.fault;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Fails the task it runs in at random points, to prove that the job recovers exactly (SPEC section
 * 6): a pass-through after the source that throws {@code fault-injection.failures} times in all.
 * The failure points are drawn from {@code fault-injection.seed}: N record counts, uniform within
 * {@code fault-injection.within-records}. Failure k is due when the records passed on by all
 * subtasks in all attempts together reach the k-th point, once the tasks have started again after
 * the failure before (one failure per restart); it happens at that record, or, if no checkpoint has
 * completed since the tasks started, when the next one completes. So every failure restores a
 * checkpoint that holds state: a checkpoint may take longer than the source needs to read past
 * several points, and a failure before the first one would start the job from scratch, proving
 * nothing about the restore. Records processed again after a restart count again, so every failure
 * point is reached as long as at least {@code within-records} records come (the replay sets it to
 * the number of events it published).
 *
 * <p>Records and failures are counted in JVM-wide counters per {@code fault-injection.run-id}, not
 * in Flink state: state is restored from the last checkpoint, which does not know of a failure that
 * happened after it, so a count in state would grant the same failure again after every restore. A
 * JVM-wide counter survives the restarts of a local MiniCluster (the replay); on a cluster of
 * several TaskManager processes each process would count for itself.
 */
public final class FailureInjector<T> extends RichMapFunction<T, T>
        implements CheckpointedFunction, CheckpointListener {

    public static final String UID = "inject-failures";

    public static final ConfigOption<Integer> FAILURES =
            key("fault-injection.failures")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "Task failures to inject at random points (testing recovery); 0 adds"
                                    + " no operator.");

    public static final ConfigOption<Long> SEED =
            key("fault-injection.seed")
                    .longType()
                    .defaultValue(0L)
                    .withDescription("Seed of the random failure points.");

    public static final ConfigOption<Long> WITHIN_RECORDS =
            key("fault-injection.within-records")
                    .longType()
                    .defaultValue(100_000L)
                    .withDescription(
                            "The failures happen within this many records, counted over all"
                                    + " subtasks and attempts.");

    public static final ConfigOption<String> RUN_ID =
            key("fault-injection.run-id")
                    .stringType()
                    .defaultValue("default")
                    .withDescription("Failures are counted per run id, across restarts.");

    /** What a run has passed on and how often it failed, across the restarts of its tasks. */
    private static final class Run {
        final AtomicLong records = new AtomicLong();
        final AtomicInteger failures = new AtomicInteger();

        /** Cleared by a failure, set when the tasks start again: one failure per restart. */
        final AtomicBoolean armed = new AtomicBoolean(true);
    }

    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    private final String runId;
    private final int maxFailures;
    private final long seed;
    private final long withinRecords;

    private transient long[] failurePoints;
    private transient Run run;

    /** The checkpoint this attempt started from; -1 for none. */
    private transient long restoredCheckpoint;

    /** True once a checkpoint has completed since this attempt started. */
    private transient boolean checkpointed;

    public FailureInjector(String runId, int maxFailures, long seed, long withinRecords) {
        if (maxFailures < 0 || withinRecords < 1) {
            throw new IllegalArgumentException(
                    "failures must be >= 0, within at least 1 record: "
                            + maxFailures
                            + ", "
                            + withinRecords);
        }
        this.runId = runId;
        this.maxFailures = maxFailures;
        this.seed = seed;
        this.withinRecords = withinRecords;
    }

    /**
     * {@code stream} with a failure injector after it (uid {@value #UID}) if the configuration asks
     * for failures, else {@code stream} itself.
     */
    public static <T> DataStream<T> after(DataStream<T> stream, ReadableConfig config) {
        int failures = config.get(FAILURES);
        if (failures <= 0) {
            return stream;
        }
        return stream.map(
                        new FailureInjector<T>(
                                config.get(RUN_ID),
                                failures,
                                config.get(SEED),
                                config.get(WITHIN_RECORDS)),
                        stream.getType())
                .name("Inject failures")
                .uid(UID);
    }

    /**
     * The record counts at which the failures happen: {@code failures} draws from {@code seed},
     * uniform in [1, withinRecords], ascending.
     */
    public static long[] failurePoints(int failures, long seed, long withinRecords) {
        Random random = new Random(seed);
        long[] points = new long[failures];
        for (int i = 0; i < failures; i++) {
            points[i] = 1 + (long) (random.nextDouble() * withinRecords);
        }
        Arrays.sort(points);
        return points;
    }

    /** The failures injected so far in the run {@code runId}, in this JVM. */
    public static int failuresOf(String runId) {
        Run run = RUNS.get(runId);
        return run == null ? 0 : run.failures.get();
    }

    /** Forgets the counts of the run {@code runId}. */
    public static void forget(String runId) {
        RUNS.remove(runId);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        restoredCheckpoint = context.getRestoredCheckpointId().orElse(-1);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // Nothing: the counts must outlive the restores (see the class comment).
    }

    @Override
    public void open(OpenContext openContext) {
        failurePoints = failurePoints(maxFailures, seed, withinRecords);
        run = RUNS.computeIfAbsent(runId, id -> new Run());
        // A restart cancels every task of the failed attempt before it opens the new ones.
        run.armed.set(true);
    }

    @Override
    public T map(T value) {
        run.records.incrementAndGet();
        if (checkpointed) {
            failIfDue();
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (checkpointId > restoredCheckpoint) {
            checkpointed = true;
            failIfDue();
        }
    }

    /**
     * Throws the next failure if the records have reached its point and none came since the
     * restart.
     */
    private void failIfDue() {
        int failed = run.failures.get();
        long records = run.records.get();
        if (failed < maxFailures
                && records >= failurePoints[failed]
                && run.armed.compareAndSet(true, false)) {
            run.failures.incrementAndGet();
            TaskInfo task = getRuntimeContext().getTaskInfo();
            throw new InjectedFailure(
                    String.format(
                            "injected failure %d of %d at record %,d of run %s (subtask %d,"
                                    + " attempt %d)",
                            failed + 1,
                            maxFailures,
                            records,
                            runId,
                            task.getIndexOfThisSubtask(),
                            task.getAttemptNumber()));
        }
    }

    /** The exception of an injected failure. */
    public static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }
}
