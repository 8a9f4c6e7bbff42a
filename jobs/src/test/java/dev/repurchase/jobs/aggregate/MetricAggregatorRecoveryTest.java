package dev.repurchase.jobs.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.repurchase.common.metric.MetricDelta;
import dev.repurchase.common.metric.MetricKey;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The aggregator with checkpointing on, across a failure: a restarted run writes every row a failed
 * run may have written after the checkpoint, so at-least-once upserts end in exact tables.
 */
class MetricAggregatorRecoveryTest {

    private static final long FLUSH = 1_000;
    private static final MetricKey ACTIVE = MetricKey.lifecycleStage("ACTIVE");
    private static final MetricKey DORMANT = MetricKey.lifecycleStage("DORMANT");
    private static final MetricKey CHURNED = MetricKey.lifecycleStage("CHURNED");

    private KeyedOneInputStreamOperatorTestHarness<MetricKey, MetricDelta, MetricRow> harness;
    private long now;

    /** A task attempt of the aggregator, restored from {@code checkpoint} unless null. */
    private void start(OperatorSubtaskState checkpoint) throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new MetricAggregator(FLUSH),
                        delta -> delta.key,
                        TypeInformation.of(MetricKey.class));
        harness.getStreamConfig().setCheckpointingEnabled(true);
        harness.setProcessingTime(now);
        if (checkpoint != null) {
            harness.initializeState(checkpoint);
        }
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void add(MetricKey key, long value) throws Exception {
        harness.processElement(new StreamRecord<>(new MetricDelta(key, 0, new long[] {value})));
    }

    /** Lets a flush interval pass; returns the rows written in it, by stage. */
    private Map<String, Long> flushed() throws Exception {
        harness.getOutput().clear();
        now += FLUSH;
        harness.setProcessingTime(now);
        return written();
    }

    /**
     * Takes checkpoint {@code id} as a task does: a flush before the barrier, then the snapshot.
     */
    private OperatorSubtaskState checkpoint(long id) throws Exception {
        harness.prepareSnapshotPreBarrier(id);
        return harness.snapshot(id, now);
    }

    private Map<String, Long> written() {
        Map<String, Long> rows = new TreeMap<>();
        for (MetricRow row : harness.extractOutputValues()) {
            rows.put(row.key.value, row.values[0]);
        }
        return rows;
    }

    @Test
    void aNewRowIsWrittenOnceACompletedCheckpointHoldsIt() throws Exception {
        start(null);
        add(ACTIVE, 2);

        assertThat(flushed()).isEmpty();

        checkpoint(1);
        assertThat(written()).isEmpty();
        harness.notifyOfCompletedCheckpoint(1);

        assertThat(flushed()).isEqualTo(Map.of("ACTIVE", 2L));
    }

    @Test
    void aRowWrittenBeforeFollowsEveryFlush() throws Exception {
        start(null);
        add(ACTIVE, 2);
        checkpoint(1);
        harness.notifyOfCompletedCheckpoint(1);
        flushed();

        add(ACTIVE, 1);

        assertThat(flushed()).isEqualTo(Map.of("ACTIVE", 3L));
    }

    @Test
    void aRestartWritesEveryRowOfTheCheckpointAgainAndNoneCreatedAfterIt() throws Exception {
        start(null);
        add(ACTIVE, 2);
        add(DORMANT, 1);
        OperatorSubtaskState checkpoint = checkpoint(1);
        harness.notifyOfCompletedCheckpoint(1);
        flushed();
        // After the checkpoint, in the order of this attempt: values a restarted run may never
        // pass through again. ACTIVE and DORMANT are written; CHURNED is new, so it waits.
        add(ACTIVE, -1);
        add(DORMANT, 5);
        add(CHURNED, 1);
        assertThat(flushed()).isEqualTo(Map.of("ACTIVE", 1L, "DORMANT", 6L));
        harness.close();

        start(checkpoint);

        assertThat(flushed()).isEqualTo(Map.of("ACTIVE", 2L, "DORMANT", 1L));
    }

    @Test
    void deltasOfARowAcrossACheckpointCountOnceAndTheCheckpointHoldsOnlyThoseBeforeIt()
            throws Exception {
        start(null);
        add(ACTIVE, 2);
        OperatorSubtaskState checkpoint = checkpoint(1);
        add(ACTIVE, 3);
        harness.notifyOfCompletedCheckpoint(1);

        assertThat(flushed()).isEqualTo(Map.of("ACTIVE", 5L));
        add(ACTIVE, 1);
        assertThat(flushed()).isEqualTo(Map.of("ACTIVE", 6L));
        harness.close();

        start(checkpoint);

        assertThat(flushed()).isEqualTo(Map.of("ACTIVE", 2L));
    }

    @Test
    void theEndOfTheInputWritesHeldRowsWithTheirFinalValues() throws Exception {
        start(null);
        add(CHURNED, 3);
        assertThat(flushed()).isEmpty();
        add(DORMANT, 1);

        harness.getOutput().clear();
        harness.endInput();

        assertThat(written()).isEqualTo(Map.of("CHURNED", 3L, "DORMANT", 1L));
    }

    @Test
    void withoutCheckpointingNewRowsAreNotHeld() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new MetricAggregator(FLUSH),
                        delta -> delta.key,
                        TypeInformation.of(MetricKey.class));
        harness.getStreamConfig().setCheckpointingEnabled(false);
        harness.setProcessingTime(now);
        harness.open();
        add(ACTIVE, 2);

        assertThat(flushed()).isEqualTo(Map.of("ACTIVE", 2L));
    }
}
