package dev.repurchase.jobs.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The failure injector on its own: a task attempt is a harness over a run of records. */
class FailureInjectorTest {

    private static final long WITHIN = 1_000;

    private final String runId = UUID.randomUUID().toString();

    @AfterEach
    void forgetTheRun() {
        FailureInjector.forget(runId);
    }

    /**
     * One task attempt: an injector over up to {@code records} records, with a checkpoint completed
     * before the first of them if {@code checkpointed}. Returns the records it passed on before it
     * failed, or -1 if it did not fail.
     */
    private long attempt(int failures, long seed, int records, boolean checkpointed)
            throws Exception {
        try (OneInputStreamOperatorTestHarness<Long, Long> harness = harness(failures, seed)) {
            harness.open();
            if (checkpointed) {
                harness.notifyOfCompletedCheckpoint(1);
            }
            for (long i = 0; i < records; i++) {
                try {
                    harness.processElement(new StreamRecord<>(i));
                } catch (FailureInjector.InjectedFailure e) {
                    return i;
                }
            }
            return -1;
        }
    }

    private OneInputStreamOperatorTestHarness<Long, Long> harness(int failures, long seed)
            throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new StreamMap<>(new FailureInjector<Long>(runId, failures, seed, WITHIN)), 1, 1, 0);
    }

    @Test
    void failurePointsAreDrawnFromTheSeedWithinTheRecords() {
        long[] points = FailureInjector.failurePoints(5, 42, WITHIN);

        assertThat(points).hasSize(5).isSorted();
        assertThat(points[0]).isGreaterThanOrEqualTo(1);
        assertThat(points[4]).isLessThanOrEqualTo(WITHIN);
        assertThat(FailureInjector.failurePoints(5, 42, WITHIN)).isEqualTo(points);
        assertThat(FailureInjector.failurePoints(5, 43, WITHIN)).isNotEqualTo(points);
    }

    @Test
    void failsAtEveryPointAndNoMoreAcrossRestarts() throws Exception {
        long[] points = FailureInjector.failurePoints(3, 7, WITHIN);

        // Each restart goes back to the start here, as to a checkpoint: records count again.
        List<Long> failedAfter = new ArrayList<>();
        for (int restart = 0; restart < 6; restart++) {
            long passed = attempt(3, 7, (int) WITHIN, true);
            if (passed >= 0) {
                failedAfter.add(passed);
            }
        }

        assertThat(failedAfter).hasSize(3);
        assertThat(FailureInjector.failuresOf(runId)).isEqualTo(3);
        // The k-th failure comes when all attempts together have passed on points[k] records.
        long total = 0;
        for (int k = 0; k < 3; k++) {
            total += failedAfter.get(k) + 1;
            assertThat(total).isEqualTo(points[k]);
        }
    }

    @Test
    void failsNotBeforeACheckpointHasCompletedSinceTheStart() throws Exception {
        assertThat(attempt(3, 7, (int) WITHIN, false)).isEqualTo(-1);

        assertThat(FailureInjector.failuresOf(runId)).isZero();
    }

    /** A point the source read past before the first checkpoint fails when that one completes. */
    @Test
    void aPointPassedBeforeTheFirstCheckpointFailsWhenItCompletes() throws Exception {
        long[] points = FailureInjector.failurePoints(3, 7, WITHIN);

        try (OneInputStreamOperatorTestHarness<Long, Long> harness = harness(3, 7)) {
            harness.open();
            for (long i = 0; i < points[1]; i++) {
                harness.processElement(new StreamRecord<>(i));
            }
            assertThat(FailureInjector.failuresOf(runId)).isZero();

            assertThatThrownBy(() -> harness.notifyOfCompletedCheckpoint(1))
                    .isInstanceOf(FailureInjector.InjectedFailure.class)
                    .hasMessageContaining(
                            String.format("injected failure 1 of 3 at record %,d", points[1]));
        }
        assertThat(FailureInjector.failuresOf(runId)).isEqualTo(1);
    }

    @Test
    void addsAnOperatorWithAStableUidOnlyWhenFailuresAreAsked() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<Long> source = env.fromSequence(1, 10);
        Configuration config = new Configuration();

        assertThat(FailureInjector.after(source, config)).isSameAs(source);

        config.set(FailureInjector.FAILURES, 3);
        DataStream<Long> injected = FailureInjector.after(source, config);

        assertThat(injected).isNotSameAs(source);
        assertThat(injected.getTransformation().getUid()).isEqualTo(FailureInjector.UID);
        assertThat(injected.getType()).isEqualTo(source.getType());
    }
}
